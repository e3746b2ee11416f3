import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, CaseCommand, UuidParam } from '@accord/platform';
import { RecordCheckInResponse } from './record-check-in.response.dto';
import { RecordCheckInHandler } from './record-check-in.handler';
import { RecordCheckInRequest } from './record-check-in.request.dto';

@ApiTags('follow-up')
@Controller('api/cases/:caseId/follow-up/check-ins')
export class RecordCheckInHttpController {
  constructor(private readonly handler: RecordCheckInHandler) {}

  @CaseCommand({
    summary: 'Record a check-in',
    description:
      'How the harmed person is doing: satisfaction, feeling of safety, wellbeing (notes are encrypted for them).',
    roles: ['case-worker'],
    response: RecordCheckInResponse,
    responseDescription: 'Recorded.',
    created: true,
  })
  async record(
    @UuidParam() caseId: string,
    @Body() body: RecordCheckInRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecordCheckInResponse> {
    return this.handler.handle(caseId, body, principal);
  }
}
