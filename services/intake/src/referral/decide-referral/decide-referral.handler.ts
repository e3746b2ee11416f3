import { Injectable } from '@nestjs/common';
import { CommandRunner, requestMetadata, type Principal } from '@accord/platform';
import type { referralDecider } from '@accord/intake-domain';

export type Decision =
  | { readonly decision: 'accept' }
  | { readonly decision: 'decline'; readonly reason: string };

/** The receiving RJ service accepts (screening starts) or declines (the referrer is told why). */
@Injectable()
export class DecideReferralHandler {
  constructor(private readonly runner: CommandRunner<typeof referralDecider>) {}

  async handle(
    caseId: string,
    decision: Decision,
    principal: Principal,
  ): Promise<{ caseId: string; status: 'accepted' | 'declined' }> {
    await this.runner.run(
      decision.decision === 'accept'
        ? { type: 'AcceptReferral', data: { caseId }, metadata: requestMetadata(principal) }
        : {
            type: 'DeclineReferral',
            data: { caseId, reason: decision.reason },
            metadata: requestMetadata(principal, { reason: decision.reason }),
          },
    );
    return { caseId, status: decision.decision === 'accept' ? 'accepted' : 'declined' };
  }
}
