import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, CaseCommand, UuidParam } from '@accord/platform';
import { ConsentOutcomeResponse } from '../consent-outcome.response';
import { RecordConsentHandler } from './record-consent.handler';
import { RecordConsentRequest } from './record-consent.request.dto';

@ApiTags('consent')
@Controller('api/cases/:caseId/consent')
export class RecordConsentHttpController {
  constructor(private readonly handler: RecordConsentHandler) {}

  /** A consent officer of the receiving service records a participant's answer for one purpose. */
  @CaseCommand({
    summary: 'Record a consent answer',
    description:
      "A participant's answer for one purpose (taking part, or sharing named information with a named agency). When every required consent is given, conferencing starts.",
    roles: ['consent-officer'],
    response: ConsentOutcomeResponse,
    responseDescription: 'Recorded; where the case stands now.',
    created: true,
  })
  async record(
    @UuidParam() caseId: string,
    @Body() body: RecordConsentRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConsentOutcomeResponse> {
    return this.handler.handle(caseId, body, principal);
  }
}
