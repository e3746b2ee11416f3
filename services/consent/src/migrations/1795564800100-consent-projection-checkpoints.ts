import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where the case-consent projection's runner keeps how far it has read the log. */
export class CreateConsentProjectionCheckpoints1795564800100 implements MigrationInterface {
  readonly name = 'CreateConsentProjectionCheckpoints1795564800100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table if not exists "consent"."projection_checkpoints" (
        name       text primary key,
        position   text not null,
        updated_at timestamptz not null default now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop table if exists "consent"."projection_checkpoints"`);
  }
}
