import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, CaseCommand, UuidParam } from '@accord/platform';
import { DecideReferralResponse } from './decide-referral.response.dto';
import { DecideReferralHandler } from './decide-referral.handler';
import { DeclineReferralRequest } from './decide-referral.request.dto';

/** Only the receiving service decides, once; any agency that cannot see the case gets 404. */
@ApiTags('referrals')
@Controller('api/referrals/:caseId')
export class DecideReferralHttpController {
  constructor(private readonly handler: DecideReferralHandler) {}

  @CaseCommand({
    summary: 'Accept a referral',
    description: 'The receiving service takes the case on; screening starts.',
    roles: ['screener', 'case-worker'],
    response: DecideReferralResponse,
    responseDescription: 'Accepted: screening starts.',
    created: false,
    path: 'accept',
  })
  accept(@UuidParam() caseId: string, @CurrentPrincipal() principal: Principal) {
    return this.handler.handle(caseId, { decision: 'accept' }, principal);
  }

  @CaseCommand({
    summary: 'Decline a referral',
    description: 'The receiving service declines the case, with the reason the referrer will read.',
    roles: ['screener', 'case-worker'],
    response: DecideReferralResponse,
    responseDescription: 'Declined.',
    created: false,
    path: 'decline',
  })
  decline(
    @UuidParam() caseId: string,
    @Body() body: DeclineReferralRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.handler.handle(caseId, { decision: 'decline', reason: body.reason }, principal);
  }
}
