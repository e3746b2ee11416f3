import { sqlMigration } from '@accord/platform';

/** The agency directory's trusted issuers (projection of the `intake.AgencyTrust-…` streams). */
export const IntakeAgencyTrust1796256000000 = sqlMigration({
  name: 'IntakeAgencyTrust1796256000000',
  lock: 'accord.intake.migrations',
  up: [
    `
      CREATE TABLE IF NOT EXISTS intake.agency_trust (
        agency_id      text PRIMARY KEY,
        tier           text NOT NULL CHECK (tier IN ('agency', 'inspectorate')),
        issuers        jsonb NOT NULL,
        stream_version integer NOT NULL
      )`,
  ],
  down: [`DROP TABLE IF EXISTS intake.agency_trust`],
});
