import { serviceMigration } from '@accord/platform';

/**
 * `sendable`: the queued messages that are not waiting for an event of their case (the referral
 * profile, the contact preferences). The dispatcher looks only at cases with one, so a case whose
 * messages wait (a referral never accepted) is not read again at every start-up. Rows written
 * before count every queued message (the projection corrects them at the case's next event, a
 * `rebuild --apply` of notifications.case-messages.v1 at once).
 */
export const NotificationsSendable1796515200100 = serviceMigration(
  'notifications',
  'NotificationsSendable1796515200100',
  {
    up: [
      `ALTER TABLE notifications.case_messages ADD COLUMN IF NOT EXISTS sendable int`,
      `UPDATE notifications.case_messages SET sendable = pending WHERE sendable IS NULL`,
      `ALTER TABLE notifications.case_messages ALTER COLUMN sendable SET NOT NULL`,
      `CREATE INDEX IF NOT EXISTS case_messages_sendable ON notifications.case_messages (updated_at) WHERE sendable > 0`,
    ],
    down: [
      `DROP INDEX IF EXISTS notifications.case_messages_sendable`,
      `ALTER TABLE notifications.case_messages DROP COLUMN IF EXISTS sendable`,
    ],
  },
);
