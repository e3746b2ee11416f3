import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { OPEN_STATUSES } from '../conference/case-conference/case-conference.view';
import type { FacilitatorCandidate } from '@accord/conferencing-domain';
import { FacilitatorEntity } from './facilitator.entity';

export interface FacilitatorWithCaseload extends FacilitatorEntity {
  caseload: number;
}

/**
 * Facilitators with their caseloads (open cases assigned, from the case-conference read model).
 * The read model trails the log by moments, so two cases assigned in the same instant may both
 * see the same caseload; capacity can then be exceeded by one, which a case-worker can rebalance.
 */
@Injectable()
export class FacilitatorDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async ofService(service: string): Promise<FacilitatorWithCaseload[]> {
    const facilitators = await this.dataSource
      .getRepository(FacilitatorEntity)
      .find({ where: { service }, order: { id: 'ASC' } });
    const loads = await this.caseloads(
      service,
      facilitators.map((f) => f.id),
    );
    return facilitators.map((f) => Object.assign(f, { caseload: loads.get(f.id) ?? 0 }));
  }

  /** One facilitator of `service` (ids are each service's own). */
  async byId(service: string, id: string): Promise<FacilitatorWithCaseload | null> {
    const facilitator = await this.dataSource
      .getRepository(FacilitatorEntity)
      .findOne({ where: { service, id } });
    if (!facilitator) return null;
    const loads = await this.caseloads(service, [id]);
    return Object.assign(facilitator, { caseload: loads.get(id) ?? 0 });
  }

  private async caseloads(service: string, ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ facilitator_id: string; caseload: string }> = await this.dataSource.query(
      `SELECT facilitator_id, count(*) AS caseload FROM conferencing.case_conferences
        WHERE receiving_service = $1 AND facilitator_id = ANY($2::text[]) AND status = ANY($3::text[])
        GROUP BY facilitator_id`,
      [service, ids, OPEN_STATUSES],
    );
    return new Map(rows.map((row) => [row.facilitator_id, Number(row.caseload)]));
  }
}

export const asCandidate = (f: FacilitatorWithCaseload): FacilitatorCandidate => ({
  id: f.id,
  service: f.service,
  homeAgency: f.homeAgency,
  accreditation: f.accreditation,
  languages: f.languages,
  maxCaseload: f.maxCaseload,
  caseload: f.caseload,
  active: f.active,
});
