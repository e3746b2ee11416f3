import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, currentCorrelationId, CurrentPrincipal, type Principal, Roles } from '@accord/platform';
import { instantParam } from '../case/instant';
import { CaseStateQuery } from './case-state.query';
import { CaseStateQueryDto } from './case-state.request.dto';
import { CaseStateResponse } from './case-state.response.dto';

@ApiTags('audit')
@Roles('auditor', 'admin')
@Controller('api/cases')
export class CaseStateHttpController {
  constructor(private readonly query: CaseStateQuery) {}

  /**
   * `{ caseId, asOf, services: { intake, screening, consent, conferencing, follow-up } }`: per
   * service `{ stream: { streamId, version, lastRecordedAt }, state }`, the state its own decider
   * folds from the stream's events recorded up to `asOf`; `null` for a service that had not heard
   * of the case by then. The read is logged.
   */
  @ApiOperation({
    summary: "A case's state at a moment",
    description:
      "The case as every service saw it at `asOf` (default now), rebuilt from the log through each service's own decider.",
  })
  @ApiProblems(404)
  @ApiOkResponse({ type: CaseStateResponse, description: 'Every service’s state of the case at `asOf`.' })
  @Get(':caseId/state')
  state(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Query() query: CaseStateQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseStateResponse> {
    return this.query.stateAsOf({
      caseId,
      asOf: query.asOf ? instantParam(query.asOf, 'asOf') : new Date(),
      principal,
      correlationId: currentCorrelationId() ?? null,
    });
  }
}
