import { Controller, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CaseView, CurrentPrincipal, type Principal } from '@accord/platform';
import { CaseConferenceEntity } from './case-conference.entity';
import { ConferenceDetailResponse, ConferenceSummaryResponse } from './case-conference.response.dto';

/**
 * The receiving service sees the whole conference record; the referring agency sees where the case
 * stands and nothing else (the closed loop without the details); anyone else gets the same 404 as
 * for a case that does not exist.
 */
@ApiTags('conferencing')
@Controller('api/cases/:caseId/conference')
export class CaseConferenceHttpController {
  constructor(
    @InjectRepository(CaseConferenceEntity) private readonly cases: Repository<CaseConferenceEntity>,
  ) {}

  @CaseView({
    summary: "Read a case's conference",
    description:
      'The receiving service sees the whole conference record; the referring agency sees where the case stands.',
    responseDescription:
      'The receiving service gets the whole record; the referring agency where the case stands.',
    responses: [ConferenceSummaryResponse, ConferenceDetailResponse],
  })
  async get(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConferenceSummaryResponse | ConferenceDetailResponse> {
    const row = await this.cases.findOne({ where: { caseId } });
    if (row && row.receivingService === principal.agency) {
      const { version: _version, ...view } = row;
      return { ...view, openedAt: row.openedAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
    }
    if (row && row.referringAgency === principal.agency) {
      return { caseId, status: row.status, updatedAt: row.updatedAt.toISOString() };
    }
    throw new NotFoundException(`No case ${caseId} in conferencing for ${principal.agency}.`);
  }
}
