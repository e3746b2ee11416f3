import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Logger } from 'pino';
import type { referralDecider } from '@accord/intake-domain';
import { CommandRunner, LOGGER, timerMetadata } from '@accord/platform';
import { DurableScheduler, type FiredTimer } from '@accord/scheduler';
import { AgencyDirectory } from '../../agency/agency-directory';
import { ESCALATION_DUE, RESPONSE_DUE } from './response-deadline.timers';

const RETRY_MS = 2_000;

/**
 * Fires the response deadline's timers. The decider records the reminder or the escalation,
 * addressed to the receiving service's contact address or its managers as the directory names them
 * now — or nothing, when the decision came first. Each firing is handled once: the timer is its
 * command's cause.
 */
@Injectable()
export class ResponseDeadlineTimersHandler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopped = false;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly scheduler: DurableScheduler,
    private readonly runner: CommandRunner<typeof referralDecider>,
    private readonly directory: AgencyDirectory,
    @Inject(LOGGER) private readonly logger: Logger,
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
    // Like the rest of the platform, start-up does not wait for PostgreSQL: the timers start once it answers.
    this.starting = this.startWhenReady();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.scheduler.stop();
  }

  private settingsFor(timer: FiredTimer) {
    const receivingService = timer.payload?.['receivingService'];
    if (typeof receivingService !== 'string')
      throw new Error(`timer ${timer.timerId} has no receivingService in its payload`);
    return this.directory.deadlineSettings(receivingService);
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
          'cannot start deadline timers yet (PostgreSQL unreachable?); retrying',
        );
        await new Promise((resolveRetry) => setTimeout(resolveRetry, RETRY_MS));
      }
    }
  }
}
