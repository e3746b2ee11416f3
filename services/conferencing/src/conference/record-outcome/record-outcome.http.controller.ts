import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, CaseCommand, UuidParam } from '@accord/platform';
import { RecordOutcomeResponse } from './record-outcome.response.dto';
import { RecordOutcomeHandler } from './record-outcome.handler';
import { RecordOutcomeRequest } from './record-outcome.request.dto';

@ApiTags('conferencing')
@Controller('api/cases/:caseId/conference/outcome')
export class RecordOutcomeHttpController {
  constructor(private readonly handler: RecordOutcomeHandler) {}

  @CaseCommand({
    summary: 'Record the conference outcome',
    description: 'An agreement (with its actions, which follow-up then tracks) or no agreement.',
    roles: ['facilitator', 'case-worker'],
    response: RecordOutcomeResponse,
    responseDescription: 'Recorded.',
    created: true,
  })
  async record(
    @UuidParam() caseId: string,
    @Body() body: RecordOutcomeRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecordOutcomeResponse> {
    return this.handler.handle(caseId, body, principal);
  }
}
