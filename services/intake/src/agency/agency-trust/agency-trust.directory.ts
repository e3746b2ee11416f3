import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { AgencyTrust } from '@accord/contracts';
import type { TrustLoader } from '@accord/platform';

// The agency's display name (when the directory has one) lets sign-in pages list organisations by name.
const SELECT = `SELECT t.agency_id AS agency, t.tier, t.issuers, a.name
                  FROM intake.agency_trust t LEFT JOIN intake.agencies a ON a.id = t.agency_id
                 ORDER BY t.agency_id`;

/** Intake verifies tokens against its own read model (other services ask it over HTTP). */
export const localTrustLoader =
  (pool: Pool): TrustLoader =>
  async () =>
    (await pool.query<AgencyTrust>(SELECT)).rows;

@Injectable()
export class AgencyTrustDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<AgencyTrust[]> {
    return (await this.dataSource.query(SELECT)) as AgencyTrust[];
  }
}
