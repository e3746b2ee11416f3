import { Injectable } from '@nestjs/common';
import { CommandRunner, requestMetadata, type Principal } from '@accord/platform';
import type { referralDecider } from '@accord/intake-domain';
import type { AmendReferralRequest } from './amend-referral.request.dto';

/** The referrer corrects an accepted referral; `ReferralAmended` makes screening run again. */
@Injectable()
export class AmendReferralHandler {
  constructor(private readonly runner: CommandRunner<typeof referralDecider>) {}

  async handle(
    caseId: string,
    request: AmendReferralRequest,
    principal: Principal,
  ): Promise<{ caseId: string; status: 'amended' }> {
    await this.runner.run({
      type: 'AmendReferral',
      data: { caseId, reason: request.reason, changes: request.changes },
      metadata: requestMetadata(principal, { reason: request.reason }),
    });
    return { caseId, status: 'amended' };
  }
}
