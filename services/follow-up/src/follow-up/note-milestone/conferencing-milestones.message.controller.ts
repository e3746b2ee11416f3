import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  ConferenceScheduled,
  ConferenceScheduledV1,
  FacilitatorAssigned,
  FacilitatorAssignedV1,
} from '@accord/contracts';
import type { KafkaEventContext } from '@accord/messaging';
import { FollowUpCommands } from '../follow-up-commands';

/** Conferencing's steps, noted only for their times: the report measures time spent in each stage. */
@Controller()
export class ConferencingMilestonesMessageController {
  constructor(private readonly commands: FollowUpCommands) {}

  @EventPattern(FacilitatorAssigned.type)
  async onFacilitatorAssigned(
    @Payload() event: FacilitatorAssignedV1,
    @Ctx() context: KafkaEventContext,
  ): Promise<void> {
    await this.commands.react(
      {
        type: 'NoteMilestone',
        caseId: event.caseId,
        milestone: 'facilitator-assigned',
        at: new Date(event.assignedAt).toISOString(),
      },
      context,
      'note-milestone',
    );
  }

  @EventPattern(ConferenceScheduled.type)
  async onConferenceScheduled(
    @Payload() event: ConferenceScheduledV1,
    @Ctx() context: KafkaEventContext,
  ): Promise<void> {
    await this.commands.react(
      {
        type: 'NoteMilestone',
        caseId: event.caseId,
        milestone: 'conference-scheduled',
        at: new Date(event.scheduledAt).toISOString(),
      },
      context,
      'note-milestone',
    );
  }
}
