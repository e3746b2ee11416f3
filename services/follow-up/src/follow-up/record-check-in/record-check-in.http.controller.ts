import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { RecordCheckInHandler } from './record-check-in.handler';
import { RecordCheckInRequest } from './record-check-in.request.dto';

@Controller('api/cases/:caseId/follow-up/check-ins')
export class RecordCheckInHttpController {
  constructor(private readonly handler: RecordCheckInHandler) {}

  @Post()
  @Roles('case-worker')
  async record(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: RecordCheckInRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.handler.handle(caseId, body, principal);
  }
}
