import { Body, Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import type { ConsentOutcomeResponse } from '../consent-outcome.response';
import { WithdrawConsentHandler } from './withdraw-consent.handler';
import { WithdrawConsentRequest } from './withdraw-consent.request.dto';

@Controller('api/cases/:caseId/consent/withdraw')
export class WithdrawConsentHttpController {
  constructor(private readonly handler: WithdrawConsentHandler) {}

  /** Withdrawal takes effect at once: the case halts where it stands. */
  @Post()
  @Roles('consent-officer')
  @HttpCode(HttpStatus.CREATED)
  async withdraw(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: WithdrawConsentRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConsentOutcomeResponse> {
    return this.handler.handle(caseId, body, principal);
  }
}
