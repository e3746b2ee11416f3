import {
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { DurableScheduler, type FiredTimer } from '@accord/scheduler';
import { FollowUpCommands } from '../follow-up-commands';
import type { TimerKind } from '@accord/follow-up-domain';

const KINDS: readonly TimerKind[] = ['action-reminder', 'action-due', 'check-in-due', 'check-in-grace-over'];

/**
 * A fired timer is itself an event: each kind decides through the follow-up decider, which appends
 * ActionReminderDue, ActionOverdue, CheckInDue or CheckInMissed — or nothing, when the action was
 * resolved, the check-in recorded or the case closed in the meantime.
 */
@Injectable()
export class FollowUpTimers implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly scheduler: DurableScheduler,
    private readonly commands: FollowUpCommands,
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
    const correlationId = timer.payload?.['correlationId'];
    if (typeof subjectId !== 'string')
      throw new Error(`timer ${timer.timerId} has no subjectId in its payload`);
    const { metadata, eventIds } = this.commands.timerMetadata(
      timer.timerId,
      typeof correlationId === 'string' ? correlationId : undefined,
    );
    await this.commands.execute(
      { type: 'FireTimer', caseId: timer.caseId, kind, subjectId, now: metadata.occurredAt },
      { metadata, eventIds, oncePerCausation: true },
    );
  }
}
