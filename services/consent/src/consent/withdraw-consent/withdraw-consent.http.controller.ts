import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, CaseCommand, UuidParam } from '@accord/platform';
import { ConsentOutcomeResponse } from '../consent-outcome.response';
import { WithdrawConsentHandler } from './withdraw-consent.handler';
import { WithdrawConsentRequest } from './withdraw-consent.request.dto';

@ApiTags('consent')
@Controller('api/cases/:caseId/consent/withdraw')
export class WithdrawConsentHttpController {
  constructor(private readonly handler: WithdrawConsentHandler) {}

  /** Withdrawal takes effect at once: the case halts where it stands. */
  @CaseCommand({
    summary: 'Withdraw consent',
    description:
      'Takes effect at once: the case halts where it stands and every later step cancels what it scheduled.',
    roles: ['consent-officer'],
    response: ConsentOutcomeResponse,
    responseDescription: 'Recorded; where the case stands now.',
    created: true,
  })
  async withdraw(
    @UuidParam() caseId: string,
    @Body() body: WithdrawConsentRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConsentOutcomeResponse> {
    return this.handler.handle(caseId, body, principal);
  }
}
