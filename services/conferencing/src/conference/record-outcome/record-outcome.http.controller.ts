import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { RecordOutcomeResponse } from './record-outcome.response.dto';
import { RecordOutcomeHandler } from './record-outcome.handler';
import { RecordOutcomeRequest } from './record-outcome.request.dto';

@ApiTags('conferencing')
@Controller('api/cases/:caseId/conference/outcome')
export class RecordOutcomeHttpController {
  constructor(private readonly handler: RecordOutcomeHandler) {}

  @ApiOperation({
    summary: 'Record the conference outcome',
    description: 'An agreement (with its actions, which follow-up then tracks) or no agreement.',
  })
  @ApiProblems(404, 409, 422)
  @ApiCreatedResponse({ type: RecordOutcomeResponse })
  @Post()
  @Roles('facilitator', 'case-worker')
  async record(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: RecordOutcomeRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecordOutcomeResponse> {
    return this.handler.handle(caseId, body, principal);
  }
}
