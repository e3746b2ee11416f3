import { Controller, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { notFound } from '@accord/contracts';
import { CaseView, CurrentPrincipal, type Principal } from '@accord/platform';
import { CaseScreeningEntity } from './case-screening.entity';
import { ScreeningDetailResponse, ScreeningSummaryResponse } from './case-screening.response.dto';

@ApiTags('screening')
@Controller('api/cases/:caseId/screening')
export class CaseScreeningHttpController {
  constructor(
    @InjectRepository(CaseScreeningEntity) private readonly screenings: Repository<CaseScreeningEntity>,
  ) {}

  @CaseView({
    summary: "Read a case's screening",
    description:
      "The eligibility decision with each rule's outcome under the rule-set version that made it; the referring agency sees the outcome only.",
    responseDescription:
      'The receiving service and auditors get the detail; the referring agency the summary.',
    responses: [ScreeningSummaryResponse, ScreeningDetailResponse],
  })
  async get(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ScreeningSummaryResponse | ScreeningDetailResponse> {
    const row = await this.screenings.findOneBy({ caseId });
    // One answer for "no such case" and "not yours": an agency must not learn which cases exist.
    const missing = notFound(
      'SCREENING_NOT_FOUND',
      `No screening decision for case ${caseId} is visible to your agency (yet).`,
      { caseId },
    );
    if (!row) throw missing;
    const summary: ScreeningSummaryResponse = {
      caseId,
      outcome: row.outcome,
      ruleSetVersion: row.ruleSetVersion,
    };
    if (principal.roles.includes('auditor') || principal.agency === row.receivingService) {
      return {
        ...summary,
        decidedAt: row.decidedAt,
        referringAgency: row.referringAgency,
        receivingService: row.receivingService,
        rules: row.rules,
        requirements: row.requirements,
        decidedBy: row.decidedBy,
        ...(row.overrides ? { overrides: row.overrides } : {}),
        ...(row.reason ? { reason: row.reason } : {}),
        history: row.history,
      };
    }
    if (principal.agency === row.referringAgency) return summary;
    throw missing;
  }
}
