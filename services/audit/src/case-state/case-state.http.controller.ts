import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { currentCorrelationId, CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { instantParam } from '../case/instant';
import { CaseStateQuery } from './case-state.query';
import { CaseStateQueryDto } from './case-state.request.dto';

@ApiTags('audit')
@ApiBearerAuth()
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
  @Get(':caseId/state')
  state(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Query() query: CaseStateQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.query.stateAsOf({
      caseId,
      asOf: query.asOf ? instantParam(query.asOf, 'asOf') : new Date(),
      principal,
      correlationId: currentCorrelationId() ?? null,
    });
  }
}
