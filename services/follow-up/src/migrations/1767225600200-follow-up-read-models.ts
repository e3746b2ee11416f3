import { projectionCheckpointsTable, serviceMigration } from '@accord/platform';

/**
 * Follow-up's outcomes read model and projection checkpoints. Safe when two replicas start at
 * once: a transaction-scoped advisory lock serialises them. (Timers live in the shared
 * `scheduler` schema, created by @accord/scheduler.)
 */
export const FollowUpReadModels1767225600200 = serviceMigration(
  'follow-up',
  'FollowUpReadModels1767225600200',
  {
    up: [
      `
      CREATE TABLE IF NOT EXISTS follow_up.case_outcomes (
        case_id                 uuid PRIMARY KEY,
        version                 integer NOT NULL,
        referring_agency        text,
        receiving_service       text,
        offence_category        text,
        stage                   text NOT NULL,
        outcome                 text,
        opened_at               timestamptz NOT NULL,
        consents_completed_at   timestamptz,
        facilitator_assigned_at timestamptz,
        conference_scheduled_at timestamptz,
        conference_held_at      timestamptz,
        closed_at               timestamptz,
        actions_total           integer NOT NULL DEFAULT 0,
        actions_done            integer NOT NULL DEFAULT 0,
        actions_missed          integer NOT NULL DEFAULT 0,
        actions_overdue         integer NOT NULL DEFAULT 0,
        check_ins_recorded      integer NOT NULL DEFAULT 0,
        satisfaction_sum        integer NOT NULL DEFAULT 0,
        feeling_of_safety_sum   integer NOT NULL DEFAULT 0,
        updated_at              timestamptz NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS case_outcomes_report_idx ON follow_up.case_outcomes (receiving_service, referring_agency, opened_at)`,
      projectionCheckpointsTable.create('follow_up'),
    ],
    down: [projectionCheckpointsTable.drop('follow_up'), `DROP TABLE IF EXISTS follow_up.case_outcomes`],
  },
);
