import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where the case-screening projection's runner keeps how far it has read the log. */
export class CreateScreeningProjectionCheckpoints1795564800000 implements MigrationInterface {
  readonly name = 'CreateScreeningProjectionCheckpoints1795564800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table if not exists "screening"."projection_checkpoints" (
        name       text primary key,
        position   text not null,
        updated_at timestamptz not null default now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop table if exists "screening"."projection_checkpoints"`);
  }
}
