import { serviceMigration } from '@accord/platform';

/**
 * Announces every change to a referral's row (`accord_referral_changed`, after the projection's
 * transaction commits) so the console's lists and case pages update by themselves. The payload
 * names only the case and its two agencies: who may hear it is decided by the listener.
 */
export const IntakeReferralChanges1796169600000 = serviceMigration(
  'intake',
  'IntakeReferralChanges1796169600000',
  {
    up: [
      `
      CREATE OR REPLACE FUNCTION intake.announce_referral_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('accord_referral_changed', json_build_object(
          'caseId', NEW.case_id,
          'referringAgency', NEW.referring_agency,
          'receivingService', NEW.receiving_service,
          'status', NEW.status)::text);
        RETURN NULL;
      END
      $$`,
      `DROP TRIGGER IF EXISTS referral_changed ON intake.referral_cases`,
      `
      CREATE TRIGGER referral_changed
        AFTER INSERT OR UPDATE ON intake.referral_cases
        FOR EACH ROW EXECUTE FUNCTION intake.announce_referral_change()`,
    ],
    down: [
      `DROP TRIGGER IF EXISTS referral_changed ON intake.referral_cases`,
      `DROP FUNCTION IF EXISTS intake.announce_referral_change()`,
    ],
  },
);
