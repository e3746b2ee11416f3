import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { RecordCheckInResponse } from './record-check-in.response.dto';
import { RecordCheckInHandler } from './record-check-in.handler';
import { RecordCheckInRequest } from './record-check-in.request.dto';

@ApiTags('follow-up')
@Controller('api/cases/:caseId/follow-up/check-ins')
export class RecordCheckInHttpController {
  constructor(private readonly handler: RecordCheckInHandler) {}

  @ApiOperation({
    summary: 'Record a check-in',
    description:
      'How the harmed person is doing: satisfaction, feeling of safety, wellbeing (notes are encrypted for them).',
  })
  @ApiProblems(404, 409, 422)
  @ApiCreatedResponse({ type: RecordCheckInResponse, description: 'Recorded.' })
  @Post()
  @Roles('case-worker')
  async record(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: RecordCheckInRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecordCheckInResponse> {
    return this.handler.handle(caseId, body, principal);
  }
}
