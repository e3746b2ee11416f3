import { Body, Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { DecideReferralHandler } from './decide-referral.handler';
import { DeclineReferralRequest } from './decide-referral.request.dto';

/** Only the receiving service decides, once; any agency that cannot see the case gets 404. */
@ApiTags('referrals')
@ApiBearerAuth()
@Roles('screener', 'case-worker')
@Controller('api/referrals/:caseId')
export class DecideReferralHttpController {
  constructor(private readonly handler: DecideReferralHandler) {}

  @Post('accept')
  @HttpCode(HttpStatus.OK)
  accept(
    @Param('caseId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) caseId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.handler.handle(caseId, { decision: 'accept' }, principal);
  }

  @Post('decline')
  @HttpCode(HttpStatus.OK)
  decline(
    @Param('caseId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) caseId: string,
    @Body() body: DeclineReferralRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.handler.handle(caseId, { decision: 'decline', reason: body.reason }, principal);
  }
}
