import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Facilitator ids are each RJ service's own: the key is (service, id), so one service choosing an
 * id never stops another from using it. Safe when two replicas start at once (advisory lock, and
 * the key is only swapped while it is still the old one).
 */
export class FacilitatorIdsPerService1767225600200 implements MigrationInterface {
  name = 'FacilitatorIdsPerService1767225600200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`SELECT pg_advisory_xact_lock(hashtext('accord.conferencing.migrations'))`);
    await runner.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (
          SELECT 1 FROM pg_constraint
           WHERE conrelid = 'conferencing.facilitators'::regclass AND conname = 'facilitators_service_id_pkey'
        ) THEN
          ALTER TABLE conferencing.facilitators DROP CONSTRAINT IF EXISTS facilitators_pkey;
          ALTER TABLE conferencing.facilitators
            ADD CONSTRAINT facilitators_service_id_pkey PRIMARY KEY (service, id);
        END IF;
      END $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE conferencing.facilitators DROP CONSTRAINT facilitators_service_id_pkey`);
    await runner.query(
      `ALTER TABLE conferencing.facilitators ADD CONSTRAINT facilitators_pkey PRIMARY KEY (id)`,
    );
  }
}
