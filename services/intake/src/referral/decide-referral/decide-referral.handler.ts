import { Injectable } from '@nestjs/common';
import { handleCommand, InjectEventStore, type EventStore } from '@accord/event-store';
import type { Principal } from '@accord/platform';
import { referralDecider, type ReferralCommand } from '@accord/intake-domain';
import { referralStream, requestMetadata } from '../referral.stream';
import { ReferralStatusProjection } from '../referral-status/referral-status.projection';

export type Decision =
  | { readonly decision: 'accept' }
  | { readonly decision: 'decline'; readonly reason: string };

/** The receiving RJ service accepts (screening starts) or declines (the referrer is told why). */
@Injectable()
export class DecideReferralHandler {
  constructor(
    @InjectEventStore() private readonly store: EventStore,
    private readonly projection: ReferralStatusProjection,
  ) {}

  async handle(
    caseId: string,
    decision: Decision,
    principal: Principal,
  ): Promise<{ caseId: string; status: 'accepted' | 'declined' }> {
    const now = new Date().toISOString();
    const metadata = { actor: principal.sub, agency: principal.agency, now };
    const command: ReferralCommand =
      decision.decision === 'accept'
        ? { type: 'AcceptReferral', data: { caseId }, metadata }
        : { type: 'DeclineReferral', data: { caseId, reason: decision.reason }, metadata };
    const stream = referralStream(caseId);
    await handleCommand(this.store, stream, referralDecider, command, {
      metadata: requestMetadata(
        principal,
        now,
        decision.decision === 'decline' ? decision.reason : undefined,
      ),
    });
    await this.projection.catchUpStream(stream);
    return { caseId, status: decision.decision === 'accept' ? 'accepted' : 'declined' };
  }
}
