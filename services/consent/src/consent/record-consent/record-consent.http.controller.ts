import { Body, Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import type { ConsentOutcomeResponse } from '../consent-outcome.response';
import { RecordConsentHandler } from './record-consent.handler';
import { RecordConsentRequest } from './record-consent.request.dto';

@Controller('api/cases/:caseId/consent')
export class RecordConsentHttpController {
  constructor(private readonly handler: RecordConsentHandler) {}

  /** A consent officer of the receiving service records a participant's answer for one purpose. */
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
