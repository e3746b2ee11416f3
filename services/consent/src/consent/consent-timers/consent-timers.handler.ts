import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { uuidV5 } from '@accord/contracts';
import { LOGGER } from '@accord/platform';
import { DurableScheduler, type FiredTimer } from '@accord/scheduler';
import { ConsentCommandRunner } from '../consent-command.runner';
import type { ConsentCommand } from '@accord/consent-domain';
import { CONSENT_EXPIRY, CONSENT_REMINDER } from './consent-timers';

const ACTOR = 'system:consent-scheduler';
const RETRY_MS = 2_000;

/** Fires reminders and expiries. Each firing is handled once: its events' ids derive from the timer. */
@Injectable()
export class ConsentTimersHandler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopped = false;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly scheduler: DurableScheduler,
    private readonly runner: ConsentCommandRunner,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.onFire(CONSENT_REMINDER, (timer) =>
      this.fire(timer, {
        type: 'RemindConsents',
        data: { caseId: timer.caseId, now: timer.firedAt.toISOString() },
      }),
    );
    this.scheduler.onFire(CONSENT_EXPIRY, (timer) =>
      this.fire(timer, {
        type: 'ExpireConsents',
        data: { caseId: timer.caseId, now: timer.firedAt.toISOString() },
      }),
    );
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

  private async fire(timer: FiredTimer, command: ConsentCommand): Promise<void> {
    const causationId = uuidV5(`timer/${timer.timerId}`);
    await this.runner.run(timer.caseId, command, {
      metadata: {
        correlationId: timer.caseId,
        causationId,
        actor: ACTOR,
        occurredAt: timer.firedAt.toISOString(),
      },
      eventIds: (index) => uuidV5(`${causationId}/${index}`),
      oncePerCausation: true,
    });
  }
}
