import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, CaseCommand, UuidParam } from '@accord/platform';
import { CancelConferenceResponse } from './cancel-conference.response.dto';
import { CancelConferenceHandler } from './cancel-conference.handler';
import { CancelConferenceRequest } from './cancel-conference.request.dto';

@ApiTags('conferencing')
@Controller('api/cases/:caseId/conference/cancel')
export class CancelConferenceHttpController {
  constructor(private readonly handler: CancelConferenceHandler) {}

  @CaseCommand({
    summary: 'Cancel the conference',
    description: 'Cancels a scheduled conference with a reason; it can be scheduled again.',
    roles: ['facilitator', 'case-worker'],
    response: CancelConferenceResponse,
    responseDescription: 'Cancelled; the conference can be scheduled again.',
    created: false,
  })
  async cancel(
    @UuidParam() caseId: string,
    @Body() body: CancelConferenceRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CancelConferenceResponse> {
    return this.handler.handle(caseId, body, principal);
  }
}
