import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { IdempotencyKey, IdempotencyKeyPipe } from './idempotency-key.pipe';
import { SubmitReferralHandler } from './submit-referral.handler';
import { SubmitReferralRequest, SubmitReferralResponse } from './submit-referral.request.dto';

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('api/referrals')
export class SubmitReferralHttpController {
  constructor(private readonly handler: SubmitReferralHandler) {}

  /**
   * Hands a case to an RJ service. The same Idempotency-Key with the same body answers with the same
   * case id; with another body, 409.
   */
  @Post()
  @Roles('referrer')
  @HttpCode(HttpStatus.CREATED)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'A new unique key per referral; the same key on retries.',
  })
  @ApiCreatedResponse({ type: SubmitReferralResponse })
  submit(
    @Body() body: SubmitReferralRequest,
    @IdempotencyKey(IdempotencyKeyPipe) idempotencyKey: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SubmitReferralResponse> {
    return this.handler.handle(body, idempotencyKey, principal);
  }
}
