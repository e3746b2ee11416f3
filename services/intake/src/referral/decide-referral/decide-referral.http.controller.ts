import { Body, Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { DecideReferralResponse } from './decide-referral.response.dto';
import { DecideReferralHandler } from './decide-referral.handler';
import { DeclineReferralRequest } from './decide-referral.request.dto';

/** Only the receiving service decides, once; any agency that cannot see the case gets 404. */
@ApiTags('referrals')
@Roles('screener', 'case-worker')
@Controller('api/referrals/:caseId')
export class DecideReferralHttpController {
  constructor(private readonly handler: DecideReferralHandler) {}

  @ApiOperation({
    summary: 'Accept a referral',
    description: 'The receiving service takes the case on; screening starts.',
  })
  @ApiProblems(404, 409, 422)
  @ApiOkResponse({ type: DecideReferralResponse })
  @Post('accept')
  @HttpCode(HttpStatus.OK)
  accept(
    @Param('caseId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) caseId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.handler.handle(caseId, { decision: 'accept' }, principal);
  }

  @ApiOperation({
    summary: 'Decline a referral',
    description: 'The receiving service declines the case, with the reason the referrer will read.',
  })
  @ApiProblems(404, 409, 422)
  @ApiOkResponse({ type: DecideReferralResponse })
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
