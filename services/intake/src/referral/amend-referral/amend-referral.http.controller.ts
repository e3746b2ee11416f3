import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, CaseCommand, UuidParam } from '@accord/platform';
import { AmendReferralResponse } from './amend-referral.response.dto';
import { AmendReferralHandler } from './amend-referral.handler';
import { AmendReferralRequest } from './amend-referral.request.dto';

@ApiTags('referrals')
@Controller('api/referrals/:caseId/amend')
export class AmendReferralHttpController {
  constructor(private readonly handler: AmendReferralHandler) {}

  @CaseCommand({
    summary: 'Amend a referral',
    description:
      'The referrer corrects or adds facts on an accepted referral; the change and its reason are recorded.',
    roles: ['referrer'],
    response: AmendReferralResponse,
    responseDescription: 'Amended.',
    created: false,
  })
  async amend(
    @UuidParam() caseId: string,
    @Body() body: AmendReferralRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AmendReferralResponse> {
    return this.handler.handle(caseId, body, principal);
  }
}
