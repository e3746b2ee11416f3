import { Injectable } from '@nestjs/common';
import type { CaseHaltedV1 } from '@accord/contracts';
import type { conferenceDecider } from '@accord/conferencing-domain';
import type { KafkaEventContext } from '@accord/messaging';
import { CommandRunner, reactionMetadata } from '@accord/platform';

/**
 * The case stops where it stands: a scheduled conference is cancelled with the halt's reason and
 * nothing more is accepted. Recorded even for a case conferencing has not heard of yet, so a
 * ConsentsComplete that arrives late is refused.
 */
@Injectable()
export class HaltCaseHandler {
  constructor(private readonly runner: CommandRunner<typeof conferenceDecider>) {}

  async handle(event: CaseHaltedV1, context: KafkaEventContext): Promise<void> {
    await this.runner.run({
      type: 'HaltCase',
      data: {
        caseId: event.caseId,
        reason: event.reason,
        explanation: event.explanation,
        haltedAt: event.haltedAt,
      },
      metadata: reactionMetadata(context, 'conferencing', { reason: event.explanation }),
    });
  }
}
