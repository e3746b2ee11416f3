import { Inject, Injectable } from '@nestjs/common';
import { InjectEventStore, type EventStore } from '@accord/event-store';
import {
  daysToMs,
  timersFor,
  timersSettledBy,
  type followUpDecider,
  type TimerPolicy,
} from '@accord/follow-up-domain';
import { ServiceConfig, type AfterCommand, type CommandOutcome } from '@accord/platform';
import { DurableScheduler } from '@accord/scheduler';
import type { FollowUpConfig } from '../../follow-up.config';
import { followUpStream } from '../follow-up.stream';

/**
 * After every command, the case's timers are brought in line with its state: a tracked case has a
 * timer for every reminder, due date and check-in still ahead; a closed case has none. Timers
 * follow from the stream, so redoing this after a crash or redelivery is always safe.
 */
@Injectable()
export class TimerAlignment implements AfterCommand<typeof followUpDecider> {
  private readonly policy: TimerPolicy;

  constructor(
    @InjectEventStore() private readonly store: EventStore,
    private readonly scheduler: DurableScheduler,
    @Inject(ServiceConfig) config: ServiceConfig,
  ) {
    const own = config as FollowUpConfig;
    this.policy = {
      reminderBeforeMs: daysToMs(own.FOLLOW_UP_REMINDER_DAYS_BEFORE),
      checkInGraceMs: daysToMs(own.FOLLOW_UP_CHECK_IN_GRACE_DAYS),
    };
  }

  async afterCommand({ command, state, newEvents }: CommandOutcome<typeof followUpDecider>): Promise<void> {
    const { caseId } = command.data;
    if (state.progress.phase === 'closed') {
      await this.scheduler.cancel({ caseId });
      return;
    }
    if (command.type === 'StartFollowUp' && state.progress.phase === 'tracking') {
      for (const timer of timersFor(state.progress.tracking, this.policy)) {
        await this.scheduler.schedule({
          timerId: timer.timerId,
          kind: timer.kind,
          caseId,
          dueAt: timer.dueAt,
          payload: { subjectId: timer.subjectId, correlationId: command.metadata.correlationId },
        });
      }
      // A halt handled while these were being scheduled must not leave them behind.
      if (await this.isClosed(caseId)) await this.scheduler.cancel({ caseId });
      return;
    }
    for (const event of newEvents) {
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
