import { Inject, Injectable } from '@nestjs/common';
import type { CaseProfile } from '@accord/contracts';
import { handleCommand, InjectEventStore, type EventMetadata, type EventStore } from '@accord/event-store';
import { ServiceConfig } from '@accord/platform';
import type { ScreeningConfig } from '../../screening.config';
import { CaseScreeningProjection } from '../case-screening/case-screening.projection';
import { screeningDecider, type ScreenCase } from '@accord/screening-domain';
import { screeningStream } from '../screening.stream';

export interface ScreenCaseRequest {
  readonly caseId: string;
  readonly profile: CaseProfile;
  readonly trigger: ScreenCase['data']['trigger'];
  readonly amendment?: ScreenCase['data']['amendment'];
  readonly metadata: EventMetadata;
  /** Ids of the events appended, derived from the incoming message: a redelivery appends nothing. */
  readonly eventId: (index: number) => string;
}

@Injectable()
export class ScreenCaseHandler {
  constructor(
    @InjectEventStore() private readonly store: EventStore,
    @Inject(ServiceConfig) private readonly config: ScreeningConfig,
    private readonly projection: CaseScreeningProjection,
  ) {}

  async handle(request: ScreenCaseRequest): Promise<void> {
    const { caseId, trigger, amendment, metadata, eventId } = request;
    const ruleSetVersion = this.config.SCREENING_RULE_SET_VERSION;
    // The payload arrives as validated class instances; the log keeps plain JSON.
    const profile = JSON.parse(JSON.stringify(request.profile)) as CaseProfile;
    const command: ScreenCase = {
      type: 'ScreenCase',
      data: {
        caseId,
        profile,
        trigger,
        ...(amendment ? { amendment } : {}),
        ruleSetVersion,
        now: metadata.occurredAt,
      },
    };
    await handleCommand(this.store, screeningStream(caseId), screeningDecider, command, {
      metadata: { ...metadata, ruleVersion: ruleSetVersion },
      eventIds: (index) => eventId(index),
      oncePerCausation: true,
    });
    // Also after a duplicate: a projection that failed last time catches up on the redelivery.
    await this.projection.project(caseId);
  }
}
