import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The agency directory's trusted issuers (projection of the `intake.AgencyTrust-…` streams). */
export class IntakeAgencyTrust1796256000000 implements MigrationInterface {
  name = 'IntakeAgencyTrust1796256000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`SELECT pg_advisory_xact_lock(hashtext('accord.intake.migrations'))`);
    await runner.query(`
      CREATE TABLE IF NOT EXISTS intake.agency_trust (
        agency_id      text PRIMARY KEY,
        tier           text NOT NULL CHECK (tier IN ('agency', 'inspectorate')),
        issuers        jsonb NOT NULL,
        stream_version integer NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS intake.agency_trust`);
  }
}
