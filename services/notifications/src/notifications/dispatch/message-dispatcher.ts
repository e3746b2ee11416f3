import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { Counter, Gauge } from 'prom-client';
import { MoreThan, type Repository } from 'typeorm';
import { uuidV5, type CommandMetadata, type MessageChannel } from '@accord/contracts';
import { EVENT_STORE, type EventStore } from '@accord/event-store';
import {
  planDelivery,
  renderMessage,
  templateLanguage,
  type notificationsDecider,
  type Outcome,
} from '@accord/notifications-domain';
import { CommandRunner, LOGGER, Metrics, PG_POOL, ServiceConfig } from '@accord/platform';
import type { NotificationsConfig } from '../../notifications.config';
import { CaseMessagesEntity } from '../case-messages/case-messages.entity';
import { notificationsState } from '../case-messages/case-messages.projection';
import { notificationsStream } from '../notifications.stream';
import { CHANNEL_PROVIDERS, type MessageChannelProvider } from './channel';
import { DispatchSignal } from './dispatch-signal';
import { WakeableLoop } from './wakeable-loop';

/** Cases looked at per pass; the rest wait for the next. */
const CASES_PER_PASS = 100;

/**
 * Sends what is queued. Before every attempt it asks the decider's `planDelivery` on the case's
 * current stream, so a withdrawal or erasure recorded meanwhile stops the message; the outcome is
 * recorded as the message's one settlement (its cause derives from the message id, so a second
 * replica or a second pass records nothing new). Replicas share the work: a case is handled by the
 * holder of its transaction-scoped advisory lock. A channel that is down (SMTP unreachable, 4xx)
 * is left alone with a doubling back-off while the other channels go on.
 */
@Injectable()
export class MessageDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: WakeableLoop;
  private readonly backoff = new Map<MessageChannel, { until: number; delay: number }>();
  private readonly pendingGauge: Gauge;
  private readonly channelDown: Gauge<'channel'>;
  private readonly outcomes: Counter<'channel' | 'outcome'>;

  constructor(
    @Inject(ServiceConfig) private readonly config: NotificationsConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CHANNEL_PROVIDERS) private readonly providers: readonly MessageChannelProvider[],
    @InjectRepository(CaseMessagesEntity) private readonly cases: Repository<CaseMessagesEntity>,
    private readonly runner: CommandRunner<typeof notificationsDecider>,
    private readonly signal: DispatchSignal,
    metrics: Metrics,
  ) {
    this.loop = new WakeableLoop(
      async () => {
        await this.pass();
        return 'idle';
      },
      config.NOTIFICATIONS_DISPATCH_INTERVAL_MS,
      logger,
      'notifications dispatch pass',
    );
    this.pendingGauge = new Gauge({
      name: 'accord_notifications_pending_messages',
      help: 'Messages queued and not yet sent, bounced or suppressed (e.g. while the mail server is down)',
      registers: [metrics.registry],
    });
    this.channelDown = new Gauge({
      name: 'accord_notifications_channel_down',
      help: '1 while a channel (email, sms, letter) is backing off after a failed attempt',
      labelNames: ['channel'],
      registers: [metrics.registry],
    });
    this.outcomes = new Counter({
      name: 'accord_notifications_messages_total',
      help: 'Messages settled, by channel and outcome (sent, bounced, suppressed)',
      labelNames: ['channel', 'outcome'],
      registers: [metrics.registry],
    });
  }

  onApplicationBootstrap(): void {
    this.signal.onSignal(() => this.loop.wake());
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await Promise.all(this.providers.map((provider) => provider.close?.()));
  }

  private async pass(): Promise<void> {
    const rows = await this.cases.find({
      where: { pending: MoreThan(0) },
      order: { updatedAt: 'ASC' },
      take: CASES_PER_PASS,
      select: { caseId: true, pending: true },
    });
    this.pendingGauge.set(rows.reduce((sum, row) => sum + row.pending, 0));
    for (const row of rows) {
      if (this.loop.isStopped) return;
      await this.dispatchCase(row.caseId);
    }
    for (const provider of this.providers)
      this.channelDown.set({ channel: provider.channel }, this.isBackingOff(provider.channel) ? 1 : 0);
  }

  private async dispatchCase(caseId: string): Promise<void> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('begin');
      const { rows } = await client.query<{ locked: boolean }>(
        'select pg_try_advisory_xact_lock(hashtext($1)) as locked',
        [`accord.notifications.dispatch:${caseId}`],
      );
      if (rows[0]?.locked) await this.sendQueued(caseId);
      await client.query('commit');
    } catch (error) {
      broken = true;
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private async sendQueued(caseId: string): Promise<void> {
    const state = notificationsState(await this.store.readStream(notificationsStream(caseId)));
    for (const message of Object.values(state.messages)) {
      const plan = planDelivery(state, message.messageId);
      switch (plan.kind) {
        case 'settled':
        case 'wait':
          continue;
        case 'suppress':
          await this.settle(caseId, message.messageId, {
            kind: 'suppressed',
            reason: plan.reason,
            ...(plan.channel ? { channel: plan.channel } : {}),
          });
          continue;
        case 'send': {
          const provider = this.providers.find((candidate) => candidate.channel === plan.channel);
          if (!provider || this.isBackingOff(plan.channel)) continue;
          const language = templateLanguage(state.participants[message.personId]?.language ?? 'en');
          const rendered = renderMessage(message.template, language, message.params);
          const result = await provider.send({
            messageId: message.messageId,
            caseId,
            personId: message.personId,
            to: plan.to,
            subject: rendered.subject,
            text: rendered.text,
            language,
          });
          if (result.kind === 'retry') {
            this.backOff(plan.channel, result.reason);
            continue;
          }
          this.backoff.delete(plan.channel);
          await this.settle(
            caseId,
            message.messageId,
            result.kind === 'sent'
              ? { kind: 'sent', channel: plan.channel, to: plan.to, delivered: result.delivered }
              : { kind: 'bounced', channel: plan.channel, reason: result.reason },
          );
        }
      }
    }
  }

  private async settle(caseId: string, messageId: string, outcome: Outcome): Promise<void> {
    await this.runner.run({
      type: 'SettleMessage',
      data: { caseId, messageId, outcome },
      metadata: settlementMetadata(messageId),
    });
    this.outcomes.inc({ channel: outcome.channel ?? 'none', outcome: outcome.kind });
  }

  private isBackingOff(channel: MessageChannel): boolean {
    return (this.backoff.get(channel)?.until ?? 0) > Date.now();
  }

  private backOff(channel: MessageChannel, reason: string): void {
    const previous = this.backoff.get(channel)?.delay ?? 0;
    const delay = Math.min(
      this.config.NOTIFICATIONS_MAX_BACKOFF_MS,
      Math.max(this.config.NOTIFICATIONS_DISPATCH_INTERVAL_MS, previous * 2),
    );
    this.backoff.set(channel, { until: Date.now() + delay, delay });
    this.channelDown.set({ channel }, 1);
    this.logger.warn({ channel, reason, retryInMs: delay }, `${channel} unavailable; messages wait`);
  }
}

/** The dispatcher's settlement of a message: one cause per message, so it is recorded once. */
function settlementMetadata(messageId: string): CommandMetadata {
  return {
    actor: { id: 'system:notifications-dispatcher', roles: [] },
    now: new Date().toISOString(),
    correlationId: messageId,
    causationId: uuidV5(`notifications/settle/${messageId}`),
  };
}
