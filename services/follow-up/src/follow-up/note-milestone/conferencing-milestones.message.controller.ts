import { Controller } from '@nestjs/common';
import {
  ConferenceScheduled,
  ConferenceScheduledV1,
  FacilitatorAssigned,
  FacilitatorAssignedV1,
} from '@accord/contracts';
import type { followUpDecider, Milestone } from '@accord/follow-up-domain';
import { Hears, type KafkaEventContext } from '@accord/messaging';
import { CommandRunner, reactionMetadata } from '@accord/platform';

/** Conferencing's steps, noted only for their times: the report measures time spent in each stage. */
@Controller()
export class ConferencingMilestonesMessageController {
  constructor(private readonly runner: CommandRunner<typeof followUpDecider>) {}

  private async note(caseId: string, milestone: Milestone, at: string, context: KafkaEventContext) {
    await this.runner.run(
      {
        type: 'NoteMilestone',
        data: { caseId, milestone, at: new Date(at).toISOString() },
        metadata: reactionMetadata(context, 'follow-up'),
      },
      { acknowledgeConflict: true },
    );
  }

  @Hears(FacilitatorAssigned)
  async onFacilitatorAssigned(event: FacilitatorAssignedV1, context: KafkaEventContext): Promise<void> {
    await this.note(event.caseId, 'facilitator-assigned', event.assignedAt, context);
  }

  @Hears(ConferenceScheduled)
  async onConferenceScheduled(event: ConferenceScheduledV1, context: KafkaEventContext): Promise<void> {
    await this.note(event.caseId, 'conference-scheduled', event.scheduledAt, context);
  }
}
