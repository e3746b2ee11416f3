import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { consentDecider } from '@accord/consent-domain';
import { CommandRunner, timerMetadata } from '@accord/platform';
import { DurableScheduler } from '@accord/scheduler';
import { CONSENT_EXPIRY, CONSENT_REMINDER } from './consent-timers';

/** Fires reminders and expiries. Each firing is handled once: the timer is its command's cause. */
@Injectable()
export class ConsentTimersHandler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly scheduler: DurableScheduler,
    private readonly runner: CommandRunner<typeof consentDecider>,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.onFire(CONSENT_REMINDER, async (timer) => {
      await this.runner.run({
        type: 'RemindConsents',
        data: { caseId: timer.caseId },
        metadata: timerMetadata(timer),
      });
    });
    this.scheduler.onFire(CONSENT_EXPIRY, async (timer) => {
      await this.runner.run({
        type: 'ExpireConsents',
        data: { caseId: timer.caseId },
        metadata: timerMetadata(timer),
      });
    });
    this.scheduler.startWhenReady();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
  }
}
