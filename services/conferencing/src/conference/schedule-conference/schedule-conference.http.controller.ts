import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { ScheduleConferenceResponse } from './schedule-conference.response.dto';
import { ScheduleConferenceHandler } from './schedule-conference.handler';
import { ScheduleConferenceRequest } from './schedule-conference.request.dto';

@ApiTags('conferencing')
@Controller('api/cases/:caseId/conference/schedule')
export class ScheduleConferenceHttpController {
  constructor(private readonly handler: ScheduleConferenceHandler) {}

  @ApiOperation({
    summary: 'Schedule the conference',
    description:
      'Sets when and where the conference takes place; a case that needs a safety plan cannot be scheduled without one.',
  })
  @ApiProblems(404, 409, 422)
  @ApiCreatedResponse({ type: ScheduleConferenceResponse })
  @Post()
  @Roles('facilitator', 'case-worker')
  async schedule(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: ScheduleConferenceRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ScheduleConferenceResponse> {
    return this.handler.handle(caseId, body, principal);
  }
}
