import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type { Counter, Gauge } from 'prom-client';
import { In, MoreThan, type Repository } from 'typeorm';
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
/** A case with nothing sendable at this version of its stream, and the channels it waits for. */
interface Blocked {
  readonly version: number;
  readonly channels: ReadonlySet<MessageChannel>;
}

/** Sweeps between forgetting blocked cases that are no longer queued (about a minute). */
const SWEEPS_BETWEEN_PRUNES = 60;

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
  /**
   * Cases with nothing sendable at their stream version: every queued message waits for an event
   * (contact preferences not yet arrived) or for a channel that is backing off. A pass skips them
   * until their stream moves on or one of those channels is tried again, instead of locking and
   * re-reading each every second; while a channel stays down, one case tries it per back-off.
   */
  private readonly blocked = new Map<string, Blocked>();
  /** Cases named by a command of this process since the last pass: looked at first, by id. */
  private readonly changed = new Set<string>();
  /** When the next sweep over every case with something sendable is due (Date.now()). */
  private sweepDue = 0;
  private sweeps = 0;
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
      () => this.pass(),
      config.NOTIFICATIONS_DISPATCH_INTERVAL_MS,
      logger,
      'notifications dispatch pass',
    );
    // Summed when scraped, not on every pass: a pass runs after every event the service hears.
    this.pendingGauge = metrics.gauge(
      'accord_notifications_pending_messages',
      'Messages queued and not yet sent, bounced or suppressed (e.g. while the mail server is down)',
      [],
      async () => {
        try {
          this.pendingGauge.set((await this.cases.sum('pending', { pending: MoreThan(0) })) ?? 0);
        } catch {
          // The database is away: /health says so; the gauge keeps its last value.
        }
      },
    );
    this.channelDown = metrics.gauge(
      'accord_notifications_channel_down',
      '1 while a channel (email, sms, letter) is backing off after a failed attempt',
      ['channel'],
    );
    this.outcomes = metrics.counter(
      'accord_notifications_messages_total',
      'Messages settled, by channel and outcome (sent, bounced, suppressed)',
      ['channel', 'outcome'],
    );
  }

  onApplicationBootstrap(): void {
    this.signal.onSignal((caseId) => {
      this.changed.add(caseId);
      this.loop.wake();
    });
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await Promise.all(this.providers.map((provider) => provider.close?.()));
  }

  /**
   * The cases a command of this process just changed, looked up by id; then, at most once per
   * interval, a sweep over every case with something sendable (what other replicas queued, what
   * waited for a channel that is open again). A pass after a command costs that case, not the
   * backlog: while the mail server is down, thousands of cases may wait.
   */
  private async pass(): Promise<'more' | 'idle'> {
    const changed = [...this.changed].slice(0, CASES_PER_PASS);
    for (const caseId of changed) this.changed.delete(caseId);
    if (changed.length > 0)
      await this.dispatchAll(
        await this.cases.find({
          where: { caseId: In(changed), sendable: MoreThan(0) },
          select: { caseId: true, version: true },
        }),
      );
    if (Date.now() >= this.sweepDue) {
      this.sweepDue = Date.now() + this.config.NOTIFICATIONS_DISPATCH_INTERVAL_MS;
      await this.sweep();
    }
    for (const provider of this.providers)
      this.channelDown.set({ channel: provider.channel }, this.isBackingOff(provider.channel) ? 1 : 0);
    return this.changed.size > 0 ? 'more' : 'idle';
  }

  private async sweep(): Promise<void> {
    const blocked = [...this.blocked].filter(([, entry]) => this.stillBlocked(entry));
    const query = this.cases
      .createQueryBuilder('c')
      .select(['c.caseId', 'c.version'])
      // A case whose every queued message waits for an event of the case is not looked at: the
      // event's fold makes it sendable.
      .where('c.sendable > 0')
      .orderBy('c.updatedAt', 'ASC')
      .limit(CASES_PER_PASS);
    // A blocked case comes back once its stream moved on (a new event) or its back-off ended.
    if (blocked.length > 0)
      query.andWhere(
        `NOT EXISTS (SELECT 1 FROM unnest(CAST(:ids AS uuid[]), CAST(:versions AS int[])) AS b(case_id, version)
                      WHERE b.case_id = c.case_id AND b.version = c.stream_version)`,
        { ids: blocked.map(([caseId]) => caseId), versions: blocked.map(([, entry]) => entry.version) },
      );
    const rows = await query.getMany();
    // Entries of cases another replica settled meanwhile would stay: every so often they go.
    if (++this.sweeps % SWEEPS_BETWEEN_PRUNES === 0 && this.blocked.size > 0) {
      const stillQueued = await this.cases.find({
        where: { caseId: In([...this.blocked.keys()]), sendable: MoreThan(0) },
        select: { caseId: true },
      });
      const keep = new Set(stillQueued.map((row) => row.caseId));
      for (const caseId of this.blocked.keys()) if (!keep.has(caseId)) this.blocked.delete(caseId);
    }
    await this.dispatchAll(rows);
  }

  private async dispatchAll(rows: readonly Pick<CaseMessagesEntity, 'caseId' | 'version'>[]): Promise<void> {
    for (const row of rows) {
      if (this.loop.isStopped) return;
      // A channel this case waits for may have failed again for an earlier case of this pass.
      const entry = this.blocked.get(row.caseId);
      if (entry?.version === row.version && this.stillBlocked(entry)) continue;
      this.blocked.delete(row.caseId);
      await this.dispatchCase(row.caseId);
    }
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
    const events = await this.store.readStream(notificationsStream(caseId));
    const state = notificationsState(events);
    /** Channels this case's messages wait for, if nothing was settled now. */
    const channels = new Set<MessageChannel>();
    let settled = false;
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
          settled = true;
          continue;
        case 'send': {
          const provider = this.providers.find((candidate) => candidate.channel === plan.channel);
          if (!provider) continue;
          if (this.isBackingOff(plan.channel)) {
            channels.add(plan.channel);
            continue;
          }
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
            channels.add(plan.channel);
            continue;
          }
          this.backoff.delete(plan.channel);
          settled = true;
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
    const version = events.at(-1)?.streamVersion;
    if (!settled && version !== undefined) this.blocked.set(caseId, { version, channels });
  }

  /** Still nothing to send: no channel it waits for is open again (none: it waits for an event). */
  private stillBlocked(entry: Blocked): boolean {
    return [...entry.channels].every((channel) => this.isBackingOff(channel));
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
