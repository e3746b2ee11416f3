import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Messages per case (the dispatcher's to-do list and what staff and auditors read), and the projection's checkpoint. */
export class NotificationsReadModels1796342400000 implements MigrationInterface {
  readonly name = 'NotificationsReadModels1796342400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table if not exists "notifications"."case_messages" (
        case_id           uuid primary key,
        referring_agency  text,
        receiving_service text,
        messages          jsonb not null,
        pending           int not null,
        updated_at        text not null,
        stream_version    int not null
      )`);
    await queryRunner.query(
      `create index if not exists case_messages_pending on "notifications"."case_messages" (updated_at) where pending > 0`,
    );
    await queryRunner.query(`
      create table if not exists "notifications"."projection_checkpoints" (
        name       text primary key,
        position   text not null,
        updated_at timestamptz not null default now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop table if exists "notifications"."projection_checkpoints"`);
    await queryRunner.query(`drop table if exists "notifications"."case_messages"`);
  }
}
