import { Injectable } from '@nestjs/common';
import { handleCommand, InjectEventStore, type EventStore } from '@accord/event-store';
import type { Principal } from '@accord/platform';
import { referralDecider } from '@accord/intake-domain';
import { referralStream, requestMetadata } from '../referral.stream';
import { ReferralStatusProjection } from '../referral-status/referral-status.projection';
import type { AmendReferralRequest } from './amend-referral.request.dto';

/** The referrer corrects an accepted referral; `ReferralAmended` makes screening run again. */
@Injectable()
export class AmendReferralHandler {
  constructor(
    @InjectEventStore() private readonly store: EventStore,
    private readonly projection: ReferralStatusProjection,
  ) {}

  async handle(
    caseId: string,
    request: AmendReferralRequest,
    principal: Principal,
  ): Promise<{ caseId: string; status: 'amended' }> {
    const now = new Date().toISOString();
    const stream = referralStream(caseId);
    await handleCommand(
      this.store,
      stream,
      referralDecider,
      {
        type: 'AmendReferral',
        data: { caseId, reason: request.reason, changes: request.changes },
        metadata: { actor: principal.sub, agency: principal.agency, now },
      },
      { metadata: requestMetadata(principal, now, request.reason) },
    );
    await this.projection.catchUpStream(stream);
    return { caseId, status: 'amended' };
  }
}
