import { Injectable } from '@nestjs/common';
import type { CaseHaltedV1 } from '@accord/contracts';
import { handleCommand, InjectEventStore, type EventStore } from '@accord/event-store';
import type { KafkaEventContext } from '@accord/messaging';
import { conferenceDecider } from '@accord/conferencing-domain';
import { conferenceStream } from '../conference.stream';

/**
 * The case stops where it stands: a scheduled conference is cancelled with the halt's reason and
 * nothing more is accepted. Recorded even for a case conferencing has not heard of yet, so a
 * ConsentsComplete that arrives late is refused.
 */
@Injectable()
export class HaltCaseHandler {
  constructor(@InjectEventStore() private readonly store: EventStore) {}

  async handle(event: CaseHaltedV1, context: KafkaEventContext): Promise<void> {
    const metadata = context.reactionMetadata('system:conferencing', { reason: event.explanation });
    await handleCommand(
      this.store,
      conferenceStream(event.caseId),
      conferenceDecider,
      {
        type: 'HaltCase',
        caseId: event.caseId,
        reason: event.reason,
        explanation: event.explanation,
        haltedAt: event.haltedAt,
      },
      {
        metadata,
        oncePerCausation: true,
        retryOnConflict: true,
        eventIds: (index) => context.derivedEventId('halt-case', index),
      },
    );
  }
}
