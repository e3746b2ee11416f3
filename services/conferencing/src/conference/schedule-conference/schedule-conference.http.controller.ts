import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { ScheduleConferenceHandler } from './schedule-conference.handler';
import { ScheduleConferenceRequest } from './schedule-conference.request.dto';

@Controller('api/cases/:caseId/conference/schedule')
export class ScheduleConferenceHttpController {
  constructor(private readonly handler: ScheduleConferenceHandler) {}

  @Post()
  @Roles('facilitator', 'case-worker')
  async schedule(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: ScheduleConferenceRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.handler.handle(caseId, body, principal);
  }
}
