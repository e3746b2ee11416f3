import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DomainError, uuidV5 } from '@accord/contracts';
import {
  handleCommand,
  InjectEventStore,
  type EventMetadata,
  type EventStore,
  type HandleCommandResult,
} from '@accord/event-store';
import type { KafkaEventContext } from '@accord/messaging';
import { LOGGER, ServiceConfig } from '@accord/platform';
import { DurableScheduler } from '@accord/scheduler';
import type { FollowUpConfig } from '../follow-up.config';
import {
  daysToMs,
  followUpDecider,
  timersFor,
  timersSettledBy,
  type FollowUpCommand,
  type FollowUpEvent,
  type FollowUpState,
  type TimerPolicy,
} from '@accord/follow-up-domain';
import { followUpStream, SYSTEM_ACTOR } from './follow-up.stream';

type Result = HandleCommandResult<FollowUpEvent, FollowUpState>;

/**
 * Load, fold, decide, append — then bring the case's timers in line with its state: a tracked
 * case has a timer for every reminder, due date and check-in still ahead; a closed case has none.
 * Timers follow from the stream, so redoing this after a crash or redelivery is always safe.
 */
@Injectable()
export class FollowUpCommands {
  private readonly policy: TimerPolicy;

  constructor(
    @InjectEventStore() private readonly store: EventStore,
    private readonly scheduler: DurableScheduler,
    @Inject(ServiceConfig) config: ServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const own = config as FollowUpConfig;
    this.policy = {
      reminderBeforeMs: daysToMs(own.FOLLOW_UP_REMINDER_DAYS_BEFORE),
      checkInGraceMs: daysToMs(own.FOLLOW_UP_CHECK_IN_GRACE_DAYS),
    };
  }

  async execute(
    command: FollowUpCommand,
    options: { metadata: EventMetadata; oncePerCausation?: boolean; eventIds?: (index: number) => string },
  ): Promise<Result> {
    const result = await handleCommand(this.store, followUpStream(command.caseId), followUpDecider, command, {
      ...options,
      retryOnConflict: true,
    });
    await this.alignTimers(command, result, options.metadata.correlationId);
    return result;
  }

  /**
   * In reaction to a Kafka message: ids derived from the message, once per message. A conflict
   * (the case was closed meanwhile) is logged and the message acknowledged, not retried.
   */
  async react(
    command: FollowUpCommand,
    context: KafkaEventContext,
    handler: string,
    reason?: string,
  ): Promise<void> {
    try {
      await this.execute(command, {
        metadata: context.reactionMetadata(SYSTEM_ACTOR, reason ? { reason } : {}),
        oncePerCausation: true,
        eventIds: (index) => context.derivedEventId(handler, index),
      });
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'conflict') {
        this.logger.warn(
          { caseId: command.caseId, code: error.code, handler },
          `message ignored: ${error.message}`,
        );
        return;
      }
      throw error;
    }
  }

  /** Metadata of what a fired timer appends: caused by the timer, ids derived from it. */
  timerMetadata(
    id: string,
    correlationId: string | undefined,
  ): { metadata: EventMetadata; eventIds: (index: number) => string } {
    const causationId = uuidV5(`follow-up/timer/${id}`);
    return {
      metadata: {
        correlationId: correlationId ?? causationId,
        causationId,
        actor: SYSTEM_ACTOR,
        occurredAt: new Date().toISOString(),
      },
      eventIds: (index) => uuidV5(`follow-up/timer/${id}/${index}`),
    };
  }

  private async alignTimers(command: FollowUpCommand, result: Result, correlationId: string): Promise<void> {
    const caseId = command.caseId;
    if (result.state.progress.phase === 'closed') {
      await this.scheduler.cancel({ caseId });
      return;
    }
    if (command.type === 'StartFollowUp' && result.state.progress.phase === 'tracking') {
      for (const timer of timersFor(result.state.progress.tracking, this.policy)) {
        await this.scheduler.schedule({
          timerId: timer.timerId,
          kind: timer.kind,
          caseId,
          dueAt: timer.dueAt,
          payload: { subjectId: timer.subjectId, correlationId },
        });
      }
      // A halt handled while these were being scheduled must not leave them behind.
      if (await this.isClosed(caseId)) await this.scheduler.cancel({ caseId });
      return;
    }
    for (const event of result.newEvents) {
      const subject =
        event.type === 'ActionResolved'
          ? event.data.actionId
          : event.type === 'CheckInRecorded'
            ? event.data.checkInId
            : null;
      if (!subject) continue;
      for (const id of timersSettledBy(subject)) await this.scheduler.cancel({ timerId: id });
    }
  }

  private async isClosed(caseId: string): Promise<boolean> {
    const history = await this.store.readStream(followUpStream(caseId));
    return history.some((event) => event.type === 'CaseClosed');
  }
}
