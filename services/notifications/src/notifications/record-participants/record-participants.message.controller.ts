import { Controller } from '@nestjs/common';
import {
  ParticipantContactsShared,
  ReferralAccepted,
  ReferralAmended,
  type ParticipantContactsSharedV1,
  type ReferralAcceptedV1,
  type ReferralAmendedV1,
} from '@accord/contracts';
import { Hears, type KafkaEventContext } from '@accord/messaging';
import type { notificationsDecider } from '@accord/notifications-domain';
import { CommandRunner, reactionMetadata } from '@accord/platform';
import { CaseStageRecorder } from '../../webhooks/case-stage-recorder';

/** The payload arrives as validated class instances; the log keeps plain JSON. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * Who is in a case, in which language, whether they are willing to be contacted (the accepted or
 * amended referral's profile), and how (intake's contact preferences, encrypted per person here too).
 */
@Controller()
export class RecordParticipantsMessageController {
  constructor(
    private readonly runner: CommandRunner<typeof notificationsDecider>,
    private readonly stages: CaseStageRecorder,
  ) {}

  @Hears(ParticipantContactsShared)
  async onContacts(event: ParticipantContactsSharedV1, context: KafkaEventContext): Promise<void> {
    await this.runner.run({
      type: 'RecordContacts',
      data: { caseId: event.caseId, participants: plain(event.participants) },
      metadata: reactionMetadata(context, 'notifications'),
    });
  }

  @Hears(ReferralAccepted, ReferralAmended)
  async onProfile(event: ReferralAcceptedV1 | ReferralAmendedV1, context: KafkaEventContext): Promise<void> {
    await this.runner.run({
      type: 'RecordProfile',
      data: { caseId: event.caseId, profile: plain(event.profile) },
      metadata: reactionMetadata(context, 'notifications', { agency: event.profile.receivingService }),
    });
    await this.stages.record(context, event);
  }
}
