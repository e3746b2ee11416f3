import { sqlMigration } from '@accord/platform';

/**
 * Agencies' webhook subscriptions (configuration, not case history: the secret never enters the
 * event log), the case stages heard from the pipeline, and one delivery per subscription and stage.
 */
export const NotificationsWebhooks1796342400200 = sqlMigration({
  name: 'NotificationsWebhooks1796342400200',
  up: [
    `create table if not exists "notifications"."webhook_subscriptions" (
        subscription_id uuid primary key,
        agency          text not null,
        url             text not null,
        secret          text not null,
        created_by      text not null,
        created_at      timestamptz not null default now()
      )`,
    `create table if not exists "notifications"."webhook_stages" (
        event_id         uuid primary key,
        case_id          uuid not null,
        type             text not null,
        status           text not null,
        referring_agency text,
        occurred_at      text not null,
        detail           jsonb not null,
        received_at      timestamptz not null default now()
      )`,
    `create index if not exists webhook_stages_case on "notifications"."webhook_stages" (case_id)`,
    `create table if not exists "notifications"."webhook_deliveries" (
        delivery_id     uuid primary key,
        subscription_id uuid not null references "notifications"."webhook_subscriptions" on delete cascade,
        event_id        uuid not null references "notifications"."webhook_stages",
        case_id         uuid not null,
        status          text not null,
        attempts        int not null default 0,
        next_attempt_at timestamptz not null default now(),
        first_attempt_at timestamptz,
        last_status     int,
        last_error      text,
        parked_reason   text,
        delivered_at    timestamptz,
        created_at      timestamptz not null default now(),
        unique (subscription_id, event_id)
      )`,
    `create index if not exists webhook_deliveries_due on "notifications"."webhook_deliveries" (next_attempt_at) where status = 'pending'`,
  ],
  down: [
    `drop table if exists "notifications"."webhook_deliveries"`,
    `drop table if exists "notifications"."webhook_stages"`,
    `drop table if exists "notifications"."webhook_subscriptions"`,
  ],
});
