import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Logger } from 'pino';
import type { consentDecider } from '@accord/consent-domain';
import { CommandRunner, LOGGER, timerMetadata } from '@accord/platform';
import { DurableScheduler } from '@accord/scheduler';
import { CONSENT_EXPIRY, CONSENT_REMINDER } from './consent-timers';

const RETRY_MS = 2_000;

/** Fires reminders and expiries. Each firing is handled once: the timer is its command's cause. */
@Injectable()
export class ConsentTimersHandler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopped = false;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly scheduler: DurableScheduler,
    private readonly runner: CommandRunner<typeof consentDecider>,
    @Inject(LOGGER) private readonly logger: Logger,
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
    // Like the rest of the platform, start-up does not wait for PostgreSQL: the timers start once it answers.
    this.starting = this.startWhenReady();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.scheduler.stop();
  }

  private async startWhenReady(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.scheduler.migrate();
        this.scheduler.start();
        return;
      } catch (error) {
        this.logger.warn(
          { err: error },
          'cannot start consent timers yet (PostgreSQL unreachable?); retrying',
        );
        await new Promise((resolveRetry) => setTimeout(resolveRetry, RETRY_MS));
      }
    }
  }
}
