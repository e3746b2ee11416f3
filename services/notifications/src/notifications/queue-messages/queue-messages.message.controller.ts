import { Controller } from '@nestjs/common';
import {
  AgreementReached,
  CaseEligible,
  ConferenceScheduled,
  type AgreementReachedV1,
  type CaseEligibleV1,
  type ConferenceScheduledV1,
  type ParticipantRole,
} from '@accord/contracts';
import { Hears, type KafkaEventContext } from '@accord/messaging';
import type { notificationsDecider } from '@accord/notifications-domain';
import { CommandRunner, reactionMetadata } from '@accord/platform';
import { CaseStageRecorder } from '../../webhooks/case-stage-recorder';
import { messageFor } from './message-id';

/** Whose consent the case needs (a supporter takes part without consenting for anyone). */
const ASKED_FOR_CONSENT: readonly ParticipantRole[] = ['harmed', 'responsible', 'guardian'];

/**
 * The pipeline's steps that reach people: an eligible case asks its participants for consent, a
 * scheduled conference invites those taking part, an agreement starts the check-ins with the
 * harmed. Each queues messages; the dispatcher decides, per person, whether and how they go.
 */
@Controller()
export class QueueMessagesMessageController {
  constructor(
    private readonly runner: CommandRunner<typeof notificationsDecider>,
    private readonly stages: CaseStageRecorder,
  ) {}

  @Hears(CaseEligible)
  async onEligible(event: CaseEligibleV1, context: KafkaEventContext): Promise<void> {
    const profile = JSON.parse(JSON.stringify(event.profile)) as CaseEligibleV1['profile'];
    await this.runner.run({
      type: 'QueueMessages',
      data: {
        caseId: event.caseId,
        profile,
        messages: profile.participants
          .filter((person) => ASKED_FOR_CONSENT.includes(person.role))
          .map((person) => messageFor(context.event.id, person.personId, 'consent-request')),
      },
      metadata: reactionMetadata(context, 'notifications', { agency: profile.receivingService }),
    });
    await this.stages.record(context, event);
  }

  @Hears(ConferenceScheduled)
  async onScheduled(event: ConferenceScheduledV1, context: KafkaEventContext): Promise<void> {
    await this.stages.record(context, event);
    await this.queue(
      event.caseId,
      event.participants.map((personId) =>
        messageFor(context.event.id, personId, 'conference-invitation', { at: event.at, where: event.where }),
      ),
      context,
    );
  }

  @Hears(AgreementReached)
  async onAgreement(event: AgreementReachedV1, context: KafkaEventContext): Promise<void> {
    await this.stages.record(context, event);
    await this.queue(
      event.caseId,
      event.harmedPersons.map((personId) => messageFor(context.event.id, personId, 'check-in')),
      context,
    );
  }

  private async queue(
    caseId: string,
    messages: ReturnType<typeof messageFor>[],
    context: KafkaEventContext,
  ): Promise<void> {
    await this.runner.run({
      type: 'QueueMessages',
      data: { caseId, messages },
      metadata: reactionMetadata(context, 'notifications'),
    });
  }
}
