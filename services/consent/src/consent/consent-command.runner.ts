import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  handleCommand,
  InjectEventStore,
  type EventMetadata,
  type EventStore,
  type HandleCommandResult,
} from '@accord/event-store';
import { currentCorrelationId, type Principal } from '@accord/platform';
import { DurableScheduler } from '@accord/scheduler';
import { CaseConsentProjection } from './case-consent/case-consent.projection';
import {
  consentDecider,
  type ConsentCommand,
  type ConsentEvent,
  type ConsentState,
} from '@accord/consent-domain';
import { consentStream } from './consent.stream';
import { syncTimers } from './consent-timers/consent-timers';

export interface RunOptions {
  readonly metadata: EventMetadata;
  readonly eventIds?: (index: number) => string;
  readonly oncePerCausation?: boolean;
}

/** Audit metadata of a command a person sent over HTTP. */
export function requestMetadata(principal: Principal, now: string, reason?: string): EventMetadata {
  return {
    correlationId: currentCorrelationId() ?? randomUUID(),
    causationId: randomUUID(),
    actor: principal.sub,
    agency: principal.agency,
    ...(reason ? { reason } : {}),
    occurredAt: now,
  };
}

/**
 * Every consent command goes the same way: load, fold, decide, append; then the read model and
 * the timers follow the new state. Both follow-ups are idempotent and run after a duplicate too,
 * so a crash between append and follow-up heals on redelivery.
 */
@Injectable()
export class ConsentCommandRunner {
  constructor(
    @InjectEventStore() private readonly store: EventStore,
    private readonly projection: CaseConsentProjection,
    private readonly scheduler: DurableScheduler,
  ) {}

  async run(
    caseId: string,
    command: ConsentCommand,
    options: RunOptions,
  ): Promise<HandleCommandResult<ConsentEvent, ConsentState>> {
    const result = await handleCommand(this.store, consentStream(caseId), consentDecider, command, {
      metadata: options.metadata,
      ...(options.eventIds ? { eventIds: options.eventIds } : {}),
      ...(options.oncePerCausation ? { oncePerCausation: true } : {}),
      // Officers, timers and Kafka may act on one case at once; each decides again on what is new.
      retryOnConflict: true,
    });
    await this.projection.project(caseId);
    await syncTimers(this.scheduler, caseId, result.state);
    return result;
  }
}
