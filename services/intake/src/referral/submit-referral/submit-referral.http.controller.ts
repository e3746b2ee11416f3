import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { IdempotencyKey, IdempotencyKeyPipe } from './idempotency-key.pipe';
import { SubmitReferralHandler } from './submit-referral.handler';
import { SubmitReferralRequest, SubmitReferralResponse } from './submit-referral.request.dto';

@ApiTags('referrals')
@Controller('api/referrals')
export class SubmitReferralHttpController {
  constructor(private readonly handler: SubmitReferralHandler) {}

  /**
   * Hands a case to an RJ service. The same Idempotency-Key with the same body answers with the same
   * case id; with another body, 409.
   */
  @ApiOperation({
    summary: 'Submit a referral',
    description:
      "Hands a case to a receiving RJ service. Send a new `Idempotency-Key` per referral and the same key when retrying: a retry answers the first submission's case id instead of opening a second case.",
  })
  @ApiProblems(409, 422)
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
