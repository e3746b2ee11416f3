import { serviceMigration } from '@accord/platform';

/** The agency directory's trusted issuers (projection of the `intake.AgencyTrust-…` streams). */
export const IntakeAgencyTrust1796256000000 = serviceMigration('intake', 'IntakeAgencyTrust1796256000000', {
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
