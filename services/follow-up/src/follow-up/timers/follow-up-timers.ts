import {
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { SERVICES } from '@accord/contracts';
import type { followUpDecider, TimerKind } from '@accord/follow-up-domain';
import { CommandRunner, timerMetadata } from '@accord/platform';
import { DurableScheduler, type FiredTimer } from '@accord/scheduler';

/** Follow-up's timer kinds, as the service manifest declares them (each one the decider's). */
const KINDS: readonly TimerKind[] = SERVICES['follow-up'].timers;

/**
 * A fired timer is itself an event: each kind decides through the follow-up decider, which appends
 * ActionReminderDue, ActionOverdue, CheckInDue or CheckInMissed — or nothing, when the action was
 * resolved, the check-in recorded or the case closed in the meantime.
 */
@Injectable()
export class FollowUpTimers implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly scheduler: DurableScheduler,
    private readonly runner: CommandRunner<typeof followUpDecider>,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.scheduler.migrate();
    for (const kind of KINDS) this.scheduler.onFire(kind, (timer) => this.fire(kind, timer));
  }

  onApplicationBootstrap(): void {
    this.scheduler.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
  }

  private async fire(kind: TimerKind, timer: FiredTimer): Promise<void> {
    const subjectId = timer.payload?.['subjectId'];
    if (typeof subjectId !== 'string')
      throw new Error(`timer ${timer.timerId} has no subjectId in its payload`);
    await this.runner.run({
      type: 'FireTimer',
      data: { caseId: timer.caseId, kind, subjectId },
      metadata: timerMetadata(timer),
    });
  }
}
