import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { referralDecider } from '@accord/intake-domain';
import { CommandRunner, timerMetadata } from '@accord/platform';
import { DurableScheduler, type FiredTimer } from '@accord/scheduler';
import { AgencyDirectory, type DeadlineSettings } from '../../agency/agency-directory';
import { ESCALATION_DUE, RESPONSE_DUE } from './response-deadline.timers';

/**
 * Fires the response deadline's timers. The decider records the reminder or the escalation,
 * addressed to the receiving service's contact address or its managers as the directory names them
 * now — or nothing, when the decision came first. Each firing is handled once: the timer is its
 * command's cause.
 */
@Injectable()
export class ResponseDeadlineTimersHandler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly scheduler: DurableScheduler,
    private readonly runner: CommandRunner<typeof referralDecider>,
    private readonly directory: AgencyDirectory,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.onFire(RESPONSE_DUE, async (timer) => {
      const settings = await this.settingsFor(timer);
      await this.runner.run({
        type: 'RemindReferralResponse',
        data: { caseId: timer.caseId, notify: settings?.contactEmail ? [settings.contactEmail] : [] },
        metadata: timerMetadata(timer),
      });
    });
    this.scheduler.onFire(ESCALATION_DUE, async (timer) => {
      const settings = await this.settingsFor(timer);
      await this.runner.run({
        type: 'EscalateReferralResponse',
        data: { caseId: timer.caseId, notify: settings?.managerEmails ?? [] },
        metadata: timerMetadata(timer),
      });
    });
    this.scheduler.startWhenReady();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
  }

  private settingsFor(timer: FiredTimer): Promise<DeadlineSettings | null> {
    const receivingService = timer.payload?.['receivingService'];
    if (typeof receivingService !== 'string')
      throw new Error(`timer ${timer.timerId} has no receivingService in its payload`);
    return this.directory.deadlineSettings(receivingService);
  }
}
