import { projectionCheckpointsTable, serviceMigration } from '@accord/platform';

/**
 * Conferencing's reference data (facilitators, with six demo facilitators of rj-service-north),
 * its case read model and projection checkpoints. Safe when two replicas start at once: a
 * transaction-scoped advisory lock serialises them and every statement tolerates the other's work.
 */
export const ConferencingReadModels1767225600100 = serviceMigration(
  'conferencing',
  'ConferencingReadModels1767225600100',
  {
    up: [
      `
      CREATE TABLE IF NOT EXISTS conferencing.facilitators (
        id            text PRIMARY KEY,
        name          text NOT NULL,
        service       text NOT NULL,
        home_agency   text NOT NULL,
        accreditation text NOT NULL CHECK (accreditation IN ('standard', 'specialist')),
        languages     text[] NOT NULL,
        region        text NOT NULL,
        max_caseload  integer NOT NULL CHECK (max_caseload >= 0),
        active        boolean NOT NULL DEFAULT true,
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX IF NOT EXISTS facilitators_service_idx ON conferencing.facilitators (service)`,
      `
      INSERT INTO conferencing.facilitators (id, name, service, home_agency, accreditation, languages, region, max_caseload) VALUES
        ('fac-amira',  'Amira Haddad',    'rj-service-north', 'rj-service-north',    'specialist', '{en,ar}',    'north', 6),
        ('fac-ben',    'Ben Okafor',      'rj-service-north', 'police-north',        'standard',   '{en}',       'north', 5),
        ('fac-carys',  'Carys Llewelyn',  'rj-service-north', 'victim-support-west', 'specialist', '{en,cy}',    'west',  4),
        ('fac-dorota', 'Dorota Nowak',    'rj-service-north', 'probation-east',      'standard',   '{pl,en}',    'east',  5),
        ('fac-eamon',  'Eamon Byrne',     'rj-service-north', 'rj-service-north',    'standard',   '{en,ga}',    'north', 8),
        ('fac-farah',  'Farah Siddiqui',  'rj-service-north', 'court-central',       'specialist', '{en,ur,pa}', 'central', 5)
      ON CONFLICT (id) DO NOTHING`,
      `
      CREATE TABLE IF NOT EXISTS conferencing.case_conferences (
        case_id                 uuid PRIMARY KEY,
        version                 integer NOT NULL,
        referring_agency        text NOT NULL,
        receiving_service       text NOT NULL,
        offence_category        text NOT NULL,
        risk_level              text NOT NULL,
        specialist_facilitator  boolean NOT NULL,
        safety_plan_required    boolean NOT NULL,
        status                  text NOT NULL,
        facilitator_id          text,
        facilitator_unavailable jsonb,
        conference              jsonb,
        safety_plan_recorded    boolean NOT NULL DEFAULT false,
        outcome                 jsonb,
        last_cancellation       jsonb,
        halt                    jsonb,
        opened_at               timestamptz NOT NULL,
        updated_at              timestamptz NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS case_conferences_caseload_idx ON conferencing.case_conferences (facilitator_id, status)`,
      projectionCheckpointsTable.create('conferencing'),
    ],
    down: [
      projectionCheckpointsTable.drop('conferencing'),
      `DROP TABLE IF EXISTS conferencing.case_conferences`,
      `DROP TABLE IF EXISTS conferencing.facilitators`,
    ],
  },
);
