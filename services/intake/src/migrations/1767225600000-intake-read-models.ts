import { serviceMigration } from '@accord/platform';

/**
 * Intake's read models (referral status and timeline) and reference data (agencies), with the
 * demo agencies. Written to be safe when two replicas start at once: a transaction-scoped advisory
 * lock serialises them and every statement tolerates what the other already did.
 */
export const IntakeReadModels1767225600000 = serviceMigration('intake', 'IntakeReadModels1767225600000', {
  up: [
    `
      CREATE TABLE IF NOT EXISTS intake.agencies (
        id           text PRIMARY KEY,
        name         text NOT NULL,
        kind         text NOT NULL CHECK (kind IN ('referrer', 'rj-service')),
        may_refer_to text[] NOT NULL DEFAULT '{}',
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`,
    `
      INSERT INTO intake.agencies (id, name, kind, may_refer_to) VALUES
        ('rj-service-north', 'Northshire Restorative Justice Service', 'rj-service', '{}'),
        ('police-north', 'Northshire Police', 'referrer', '{rj-service-north}'),
        ('court-central', 'Central Magistrates'' Court', 'referrer', '{rj-service-north}'),
        ('probation-east', 'East Probation Service', 'referrer', '{rj-service-north}'),
        ('victim-support-west', 'Victim Support West', 'referrer', '{rj-service-north}')
      ON CONFLICT (id) DO NOTHING`,
    `
      CREATE TABLE IF NOT EXISTS intake.referral_cases (
        case_id            uuid PRIMARY KEY,
        referring_agency   text NOT NULL,
        receiving_service  text NOT NULL,
        referrer_reference text NOT NULL,
        offence_category   text NOT NULL,
        status             text NOT NULL,
        submitted_at       timestamptz NOT NULL,
        updated_at         timestamptz NOT NULL
      )`,
    `CREATE INDEX IF NOT EXISTS referral_cases_referring_idx ON intake.referral_cases (referring_agency, submitted_at)`,
    `CREATE INDEX IF NOT EXISTS referral_cases_receiving_idx ON intake.referral_cases (receiving_service, submitted_at)`,
    `
      CREATE TABLE IF NOT EXISTS intake.referral_timeline (
        event_id        uuid PRIMARY KEY,
        case_id         uuid NOT NULL,
        seq             bigserial NOT NULL,
        at              timestamptz NOT NULL,
        status          text NOT NULL,
        event_type      text NOT NULL,
        detail          jsonb NOT NULL,
        referrer_detail jsonb NOT NULL
      )`,
    `CREATE INDEX IF NOT EXISTS referral_timeline_case_idx ON intake.referral_timeline (case_id, at)`,
  ],
  down: [
    `DROP TABLE IF EXISTS intake.referral_timeline`,
    `DROP TABLE IF EXISTS intake.referral_cases`,
    `DROP TABLE IF EXISTS intake.agencies`,
  ],
});
