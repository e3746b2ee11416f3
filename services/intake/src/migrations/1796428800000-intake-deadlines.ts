import { sqlMigration } from '@accord/platform';

/**
 * Deadlines: each RJ service's response time and the addresses its reminders and escalations go
 * to (agency directory); each referral's response deadline and when it was reminded and escalated
 * (referral status, derived from the referral stream). Referrals from before have no deadline.
 */
export const IntakeDeadlines1796428800000 = sqlMigration({
  name: 'IntakeDeadlines1796428800000',
  lock: 'accord.intake.migrations',
  up: [
    `ALTER TABLE intake.agencies
       ADD COLUMN IF NOT EXISTS response_working_days integer CHECK (response_working_days BETWEEN 1 AND 60),
       ADD COLUMN IF NOT EXISTS contact_email text,
       ADD COLUMN IF NOT EXISTS manager_emails text[] NOT NULL DEFAULT '{}'`,
    // The demo RJ service's mailboxes: reminders and escalations show in the development mail sink.
    `UPDATE intake.agencies
        SET contact_email = 'referrals@rj-service-north.invalid',
            manager_emails = '{manager@rj-service-north.invalid}'
      WHERE id = 'rj-service-north' AND contact_email IS NULL AND manager_emails = '{}'`,
    `ALTER TABLE intake.referral_cases
       ADD COLUMN IF NOT EXISTS respond_by timestamptz,
       ADD COLUMN IF NOT EXISTS overdue_at timestamptz,
       ADD COLUMN IF NOT EXISTS escalated_at timestamptz`,
    `CREATE INDEX IF NOT EXISTS referral_cases_awaiting_idx ON intake.referral_cases (receiving_service, respond_by)
       WHERE status = 'received'`,
  ],
  down: [
    `DROP INDEX IF EXISTS intake.referral_cases_awaiting_idx`,
    `ALTER TABLE intake.referral_cases DROP COLUMN IF EXISTS respond_by, DROP COLUMN IF EXISTS overdue_at, DROP COLUMN IF EXISTS escalated_at`,
    `ALTER TABLE intake.agencies DROP COLUMN IF EXISTS response_working_days, DROP COLUMN IF EXISTS contact_email, DROP COLUMN IF EXISTS manager_emails`,
  ],
});
