import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { CancelConferenceResponse } from './cancel-conference.response.dto';
import { CancelConferenceHandler } from './cancel-conference.handler';
import { CancelConferenceRequest } from './cancel-conference.request.dto';

@ApiTags('conferencing')
@Controller('api/cases/:caseId/conference/cancel')
export class CancelConferenceHttpController {
  constructor(private readonly handler: CancelConferenceHandler) {}

  @ApiOperation({
    summary: 'Cancel the conference',
    description: 'Cancels a scheduled conference with a reason; it can be scheduled again.',
  })
  @ApiProblems(404, 409, 422)
  @ApiOkResponse({ type: CancelConferenceResponse })
  @Post()
  @HttpCode(200)
  @Roles('facilitator', 'case-worker')
  async cancel(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: CancelConferenceRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CancelConferenceResponse> {
    return this.handler.handle(caseId, body, principal);
  }
}
