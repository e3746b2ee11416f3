import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, CaseCommand, UuidParam } from '@accord/platform';
import { RecordManualDecisionHandler } from './record-manual-decision.handler';
import { ManualDecisionResponse } from './record-manual-decision.response.dto';
import { RecordManualDecisionRequest } from './record-manual-decision.request.dto';

@ApiTags('screening')
@Controller('api/cases/:caseId/screening/decision')
export class RecordManualDecisionHttpController {
  constructor(private readonly handler: RecordManualDecisionHandler) {}

  /**
   * A screener decides a case the rules sent to review, or overrides the rule set's decision with
   * a reason. Receiving service only (the decider answers 404/403 to other agencies).
   */
  @CaseCommand({
    summary: "Record a screener's decision",
    description:
      "Decides a case the rules sent for specialist review, or overrides the rules' decision with a reason.",
    roles: ['screener'],
    response: ManualDecisionResponse,
    responseDescription: 'Decided.',
    created: true,
  })
  async decide(
    @UuidParam() caseId: string,
    @Body() body: RecordManualDecisionRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ManualDecisionResponse> {
    return this.handler.handle(caseId, body, principal);
  }
}
