import { serviceMigration } from '@accord/platform';

/**
 * The step each referral's status comes from (`latest_at`, `latest_seq`: the greatest
 * `(at, seq)` of its timeline), kept on the case row so that recording a step is one statement
 * comparing against it, instead of locking the row and reading the timeline back. Backfilled from
 * the timeline.
 */
export const IntakeLatestStep1796515200000 = serviceMigration('intake', 'IntakeLatestStep1796515200000', {
  up: [
    `ALTER TABLE intake.referral_cases
       ADD COLUMN IF NOT EXISTS latest_at timestamptz,
       ADD COLUMN IF NOT EXISTS latest_seq bigint`,
    `UPDATE intake.referral_cases c
        SET latest_at = latest.at, latest_seq = latest.seq
       FROM (SELECT DISTINCT ON (case_id) case_id, at, seq
               FROM intake.referral_timeline
              ORDER BY case_id, at DESC, seq DESC) latest
      WHERE latest.case_id = c.case_id AND c.latest_at IS NULL`,
  ],
  down: [
    `ALTER TABLE intake.referral_cases DROP COLUMN IF EXISTS latest_at, DROP COLUMN IF EXISTS latest_seq`,
  ],
});
