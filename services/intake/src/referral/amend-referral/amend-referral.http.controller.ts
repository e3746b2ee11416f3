import { Body, Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { AmendReferralResponse } from './amend-referral.response.dto';
import { AmendReferralHandler } from './amend-referral.handler';
import { AmendReferralRequest } from './amend-referral.request.dto';

@ApiTags('referrals')
@Roles('referrer')
@Controller('api/referrals/:caseId')
export class AmendReferralHttpController {
  constructor(private readonly handler: AmendReferralHandler) {}

  @ApiOperation({
    summary: 'Amend a referral',
    description:
      'The referrer corrects or adds facts on an accepted referral; the change and its reason are recorded.',
  })
  @ApiProblems(404, 409, 422)
  @ApiOkResponse({ type: AmendReferralResponse })
  @Post('amend')
  @HttpCode(HttpStatus.OK)
  amend(
    @Param('caseId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) caseId: string,
    @Body() body: AmendReferralRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.handler.handle(caseId, body, principal);
  }
}
