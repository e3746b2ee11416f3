import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { notFound } from '@accord/contracts';
import { ApiProblems, CaseView, CurrentPrincipal, type Principal, ReadsPersonalData } from '@accord/platform';
import { CaseConsentEntity } from './case-consent.entity';
import {
  ConsentDetailResponse,
  ConsentSummaryResponse,
  SharedInformationResponse,
} from './case-consent.response.dto';

@ApiTags('consent')
@Controller('api/cases/:caseId/consent')
export class CaseConsentHttpController {
  constructor(@InjectRepository(CaseConsentEntity) private readonly cases: Repository<CaseConsentEntity>) {}

  @CaseView({
    summary: "Read a case's consent",
    description:
      "The receiving service sees each participant's answers; the referring agency sees where consent stands, not who said what.",
    responseDescription:
      'The receiving service and auditors get the detail; the referring agency the summary.',
    responses: [ConsentSummaryResponse, ConsentDetailResponse],
  })
  async status(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConsentSummaryResponse | ConsentDetailResponse> {
    const row = await this.cases.findOneBy({ caseId });
    if (!row) throw invisible(caseId);
    if (principal.roles.includes('auditor') || principal.agency === row.receivingService) {
      return {
        caseId,
        status: row.status,
        referringAgency: row.referringAgency,
        receivingService: row.receivingService,
        openedAt: row.openedAt,
        dueAt: row.dueAt,
        ...(row.completedAt ? { completedAt: row.completedAt } : {}),
        ...(row.haltReason ? { haltReason: row.haltReason } : {}),
        ...(row.haltedAt ? { haltedAt: row.haltedAt } : {}),
        ...(row.remindedAt ? { remindedAt: row.remindedAt } : {}),
        participants: row.participants,
        outstanding: row.outstanding,
        guardiansNeeded: row.guardiansNeeded,
      };
    }
    if (principal.agency === row.referringAgency) return { caseId, status: row.status };
    throw invisible(caseId);
  }

  /** An agency a participant consented to share with sees those items, and nothing else, until withdrawn. */
  @ApiOperation({
    summary: 'Read what was shared with this agency',
    description:
      'Per consenting person, exactly the items they agreed to share with the calling agency, until withdrawn.',
  })
  @ApiProblems(404)
  @ApiOkResponse({ type: SharedInformationResponse, description: 'What was shared with the calling agency.' })
  @Get('shared')
  @ReadsPersonalData()
  async shared(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SharedInformationResponse> {
    const row = await this.cases.findOneBy({ caseId });
    const shared = (row?.sharing ?? []).filter((sharing) => sharing.agency === principal.agency);
    if (shared.length === 0)
      throw notFound(
        'NOTHING_SHARED',
        `Nobody in case ${caseId} has consented to share information with your agency.`,
        { caseId },
      );
    return {
      caseId,
      agency: principal.agency,
      shared: shared.map(({ personId, role, information, consentedAt }) => ({
        personId,
        role,
        information,
        consentedAt,
      })),
    };
  }
}

/** One answer for "no such case" and "not yours": an agency must not learn which cases exist. */
const invisible = (caseId: string) =>
  notFound('CONSENT_NOT_FOUND', `No consent process for case ${caseId} is visible to your agency (yet).`, {
    caseId,
  });
