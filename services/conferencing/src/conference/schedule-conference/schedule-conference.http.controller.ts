import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, CaseCommand, UuidParam } from '@accord/platform';
import { ScheduleConferenceResponse } from './schedule-conference.response.dto';
import { ScheduleConferenceHandler } from './schedule-conference.handler';
import { ScheduleConferenceRequest } from './schedule-conference.request.dto';

@ApiTags('conferencing')
@Controller('api/cases/:caseId/conference/schedule')
export class ScheduleConferenceHttpController {
  constructor(private readonly handler: ScheduleConferenceHandler) {}

  @CaseCommand({
    summary: 'Schedule the conference',
    description:
      'Sets when and where the conference takes place; a case that needs a safety plan cannot be scheduled without one.',
    roles: ['facilitator', 'case-worker'],
    response: ScheduleConferenceResponse,
    responseDescription: 'Scheduled.',
    created: true,
  })
  async schedule(
    @UuidParam() caseId: string,
    @Body() body: ScheduleConferenceRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ScheduleConferenceResponse> {
    return this.handler.handle(caseId, body, principal);
  }
}
