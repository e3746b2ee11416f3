import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { RecordOutcomeHandler } from './record-outcome.handler';
import { RecordOutcomeRequest } from './record-outcome.request.dto';

@Controller('api/cases/:caseId/conference/outcome')
export class RecordOutcomeHttpController {
  constructor(private readonly handler: RecordOutcomeHandler) {}

  @Post()
  @Roles('facilitator', 'case-worker')
  async record(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: RecordOutcomeRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.handler.handle(caseId, body, principal);
  }
}
