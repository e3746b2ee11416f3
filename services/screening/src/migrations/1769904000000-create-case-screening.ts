import { serviceMigration } from '@accord/platform';

export const CreateCaseScreening1769904000000 = serviceMigration(
  'screening',
  'CreateCaseScreening1769904000000',
  {
    up: [
      `
      create table if not exists "screening"."case_screening" (
        case_id uuid primary key,
        referring_agency text not null,
        receiving_service text not null,
        outcome text not null,
        rule_set_version text not null,
        rules jsonb not null,
        requirements jsonb not null,
        decided_by text not null,
        decided_at text not null,
        overrides text,
        reason text,
        history jsonb not null,
        stream_version int not null
      )`,
      // Inboxes: the receiving service lists what needs review, the referrer follows its referrals.
      `create index if not exists case_screening_receiving_outcome on "screening"."case_screening" (receiving_service, outcome)`,
      `create index if not exists case_screening_referring on "screening"."case_screening" (referring_agency)`,
    ],
    down: [`drop table if exists "screening"."case_screening"`],
  },
);
