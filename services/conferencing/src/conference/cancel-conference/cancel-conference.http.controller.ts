import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { CancelConferenceHandler } from './cancel-conference.handler';
import { CancelConferenceRequest } from './cancel-conference.request.dto';

@Controller('api/cases/:caseId/conference/cancel')
export class CancelConferenceHttpController {
  constructor(private readonly handler: CancelConferenceHandler) {}

  @Post()
  @HttpCode(200)
  @Roles('facilitator', 'case-worker')
  async cancel(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: CancelConferenceRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.handler.handle(caseId, body, principal);
  }
}
