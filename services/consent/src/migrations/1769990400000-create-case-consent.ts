import { serviceMigration } from '@accord/platform';

export const CreateCaseConsent1769990400000 = serviceMigration('consent', 'CreateCaseConsent1769990400000', {
  up: [
    `
      create table if not exists "consent"."case_consent" (
        case_id uuid primary key,
        referring_agency text not null,
        receiving_service text not null,
        status text not null,
        halt_reason text,
        halted_at text,
        opened_at text not null,
        due_at text not null,
        reminded_at text,
        completed_at text,
        participants jsonb not null,
        outstanding jsonb not null,
        guardians_needed jsonb not null,
        sharing jsonb not null,
        stream_version int not null
      )`,
    // The consent officer's inbox: open cases of one receiving service, soonest due first.
    `create index if not exists case_consent_inbox on "consent"."case_consent" (receiving_service, status, due_at)`,
  ],
  down: [`drop table if exists "consent"."case_consent"`],
});
