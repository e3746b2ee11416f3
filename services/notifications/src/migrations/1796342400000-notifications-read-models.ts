import { sqlMigration } from '@accord/platform';

/** Messages per case: the dispatcher's to-do list (`pending`) and what staff and auditors read. */
export const NotificationsReadModels1796342400000 = sqlMigration({
  name: 'NotificationsReadModels1796342400000',
  up: [
    `create table if not exists "notifications"."case_messages" (
        case_id           uuid primary key,
        referring_agency  text,
        receiving_service text,
        messages          jsonb not null,
        pending           int not null,
        updated_at        text not null,
        stream_version    int not null
      )`,
    `create index if not exists case_messages_pending on "notifications"."case_messages" (updated_at) where pending > 0`,
  ],
  down: [`drop table if exists "notifications"."case_messages"`],
});
