import { Body, Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { AmendReferralHandler } from './amend-referral.handler';
import { AmendReferralRequest } from './amend-referral.request.dto';

@ApiTags('referrals')
@ApiBearerAuth()
@Roles('referrer')
@Controller('api/referrals/:caseId')
export class AmendReferralHttpController {
  constructor(private readonly handler: AmendReferralHandler) {}

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
