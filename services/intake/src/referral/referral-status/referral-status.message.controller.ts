import { Controller } from '@nestjs/common';
import { integrationEvent } from '@accord/contracts';
import { Hears, type KafkaEventContext } from '@accord/messaging';
import { ProjectionHost } from '@accord/platform';
import { REFERRAL_STATUS_HEARD } from './referral-status.projection';
import type { ObservedEvent } from './timeline';

/**
 * The closed loop: what screening, consent, conferencing and follow-up decide about a case comes
 * back to intake, so the referrer can see where its referral stands. One handler hears every event
 * in `REFERRAL_STATUS_HEARD` (the server has checked each against its contract before it gets here).
 */
@Controller()
export class ReferralStatusMessageController {
  constructor(private readonly projections: ProjectionHost) {}

  @Hears(...REFERRAL_STATUS_HEARD)
  observe(data: ObservedEvent['data'], context: KafkaEventContext): Promise<void> {
    const contract = integrationEvent(context.event.type);
    if (!contract) throw new Error(`no contract for ${context.event.type}`);
    return this.projections.applyHeard({
      name: contract.name,
      id: context.event.id,
      time: context.event.time,
      data,
    });
  }
}
