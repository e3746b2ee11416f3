import { Body, Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CurrentPrincipal, type Principal, Roles } from '@accord/platform';
import { ConsentOutcomeResponse } from '../consent-outcome.response';
import { WithdrawConsentHandler } from './withdraw-consent.handler';
import { WithdrawConsentRequest } from './withdraw-consent.request.dto';

@ApiTags('consent')
@Controller('api/cases/:caseId/consent/withdraw')
export class WithdrawConsentHttpController {
  constructor(private readonly handler: WithdrawConsentHandler) {}

  /** Withdrawal takes effect at once: the case halts where it stands. */
  @ApiOperation({
    summary: 'Withdraw consent',
    description:
      'Takes effect at once: the case halts where it stands and every later step cancels what it scheduled.',
  })
  @ApiProblems(404, 409, 422)
  @ApiCreatedResponse({ type: ConsentOutcomeResponse, description: 'Recorded; where the case stands now.' })
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
