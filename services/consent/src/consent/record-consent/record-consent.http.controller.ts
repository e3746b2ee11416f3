import { Body, Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CurrentPrincipal, type Principal, Roles } from '@accord/platform';
import { ConsentOutcomeResponse } from '../consent-outcome.response';
import { RecordConsentHandler } from './record-consent.handler';
import { RecordConsentRequest } from './record-consent.request.dto';

@ApiTags('consent')
@Controller('api/cases/:caseId/consent')
export class RecordConsentHttpController {
  constructor(private readonly handler: RecordConsentHandler) {}

  /** A consent officer of the receiving service records a participant's answer for one purpose. */
  @ApiOperation({
    summary: 'Record a consent answer',
    description:
      "A participant's answer for one purpose (taking part, or sharing named information with a named agency). When every required consent is given, conferencing starts.",
  })
  @ApiProblems(404, 409, 422)
  @ApiCreatedResponse({ type: ConsentOutcomeResponse, description: 'Recorded; where the case stands now.' })
  @Post()
  @Roles('consent-officer')
  @HttpCode(HttpStatus.CREATED)
  async record(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: RecordConsentRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConsentOutcomeResponse> {
    return this.handler.handle(caseId, body, principal);
  }
}
