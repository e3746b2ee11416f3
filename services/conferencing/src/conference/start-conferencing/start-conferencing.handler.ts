import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DomainError, type ConsentsCompleteV1 } from '@accord/contracts';
import { handleCommand, InjectEventStore, type EventStore } from '@accord/event-store';
import type { KafkaEventContext } from '@accord/messaging';
import { LOGGER } from '@accord/platform';
import { conferenceDecider, type CaseFile } from '@accord/conferencing-domain';
import { asCandidate, FacilitatorDirectory } from '../../facilitators/facilitator-directory';
import { conferenceStream } from '../conference.stream';

export function caseFileOf(event: ConsentsCompleteV1): CaseFile {
  const { profile, requirements } = event;
  return {
    referringAgency: profile.referringAgency,
    receivingService: profile.receivingService,
    offenceCategory: profile.offenceCategory,
    riskLevel: profile.riskLevel,
    participants: profile.participants.map((p) => ({
      personId: p.personId,
      role: p.role,
      language: p.language,
    })),
    specialistFacilitator: requirements.specialistFacilitator,
    safetyPlanRequired: requirements.safetyPlanRequired,
  };
}

/** Every consent is in: open the case here and give it a facilitator (or say why none fits). */
@Injectable()
export class StartConferencingHandler {
  constructor(
    @InjectEventStore() private readonly store: EventStore,
    private readonly directory: FacilitatorDirectory,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: ConsentsCompleteV1, context: KafkaEventContext): Promise<void> {
    const file = caseFileOf(event);
    const facilitators = (await this.directory.ofService(file.receivingService)).map(asCandidate);
    const metadata = context.reactionMetadata('system:conferencing');
    try {
      await handleCommand(
        this.store,
        conferenceStream(event.caseId),
        conferenceDecider,
        { type: 'StartConferencing', caseId: event.caseId, file, facilitators, now: metadata.occurredAt },
        {
          metadata,
          oncePerCausation: true,
          retryOnConflict: true,
          eventIds: (index) => context.derivedEventId('start-conferencing', index),
        },
      );
    } catch (error) {
      // A halted case stays halted: the late message is acknowledged, not retried.
      if (error instanceof DomainError && error.kind === 'conflict') {
        this.logger.warn(
          { caseId: event.caseId, code: error.code },
          `ConsentsComplete ignored: ${error.message}`,
        );
        return;
      }
      throw error;
    }
  }
}
