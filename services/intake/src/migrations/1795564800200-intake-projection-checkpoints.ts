import { projectionCheckpointsTable, serviceMigration } from '@accord/platform';

/**
 * The referral-status projection runs on ProjectionRunner now, which keeps its checkpoint beside the
 * read model (committed with each event). It carries on from where the event store's checkpoint
 * `projection:intake.referral-status` left it, rather than replaying the whole log.
 */
export const IntakeProjectionCheckpoints1795564800200 = serviceMigration(
  'intake',
  'IntakeProjectionCheckpoints1795564800200',
  {
    up: [
      projectionCheckpointsTable.create('intake'),
      `
      DO $$
      BEGIN
        IF to_regclass('event_store.checkpoints') IS NOT NULL THEN
          INSERT INTO intake.projection_checkpoints (name, position)
          SELECT 'intake.referral-status.v1', position FROM event_store.checkpoints
           WHERE name = 'projection:intake.referral-status'
          ON CONFLICT (name) DO NOTHING;
        END IF;
      END
      $$`,
    ],
    down: [projectionCheckpointsTable.drop('intake')],
  },
);
