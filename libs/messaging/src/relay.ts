import type { Pool, PoolClient } from 'pg';
import { integrationEventFor, type ServiceName } from '@accord/contracts';
import {
  caseIdOf,
  GLOBAL_START,
  streamPrefix,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '@accord/event-store';
import { encodeCloudEvent, HEADER, type KafkaRecord } from './envelope';
import type { KafkaConnection, MessagingLogger } from './kafka-connection';
import { noMetrics, type MessagingMetrics } from './metrics';
import { SpanKind, startSpan, type TraceStep } from './tracing';

export interface EventRelayOptions {
  readonly service: ServiceName;
  readonly store: EventStore;
  /** For the advisory lock that makes one relay per service active, whatever the replicas. */
  readonly pool: Pool;
  readonly connection: KafkaConnection;
  /** The service's topic. */
  readonly topic: string;
  readonly logger: MessagingLogger;
  readonly metrics?: MessagingMetrics;
  readonly batchSize?: number;
  /**
   * Longest wait between reads when caught up (ms, default 1000): the relay reads again as soon as
   * an append to the service's streams is announced, so this only bounds a lost announcement.
   */
  readonly idleMs?: number;
  /** How often a standby tries to take the lock (ms). */
  readonly standbyRetryMs?: number;
  /**
   * Advisory locks are per database: replicas of one service share this name, and two event-store
   * schemas in one database (tests) need different ones. Default `accord.relay.<service>`.
   */
  readonly lockName?: string;
  /** Test seam: runs after Kafka acknowledged a batch and before the checkpoint moves. */
  readonly afterPublish?: (events: readonly RecordedEvent[]) => Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stored event → CloudEvent record, for events that belong to the published language
 * (libs/contracts); a service's internal events stay inside it.
 */
export function toKafkaRecord(service: ServiceName, event: RecordedEvent): KafkaRecord | null {
  const contract = publishedContract(service, event);
  if (!contract) return null;
  return encodeCloudEvent({
    id: event.eventId,
    type: contract.type,
    source: `/accord/${service}`,
    subject: caseIdOf(event.streamId),
    time: event.metadata.occurredAt,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    ...(event.metadata.traceparent ? { traceparent: event.metadata.traceparent } : {}),
    position: event.globalPosition,
    data: event.data,
  });
}

/** The published-language contract `service`'s relay publishes `event` under; undefined for internal events. */
export function publishedContract(
  service: ServiceName,
  event: Pick<RecordedEvent, 'type' | 'schemaVersion'>,
) {
  const contract = integrationEventFor(event.type, event.schemaVersion);
  return contract && contract.source === service ? contract : undefined;
}

/**
 * The event store is the outbox: this relay tails the service's own streams from the global log
 * (gap-safe cursor), publishes each published-language event to the service's topic keyed by case
 * id with the idempotent producer (acks from all in-sync replicas), and moves its checkpoint only
 * after Kafka acknowledged. A crash between the two publishes the batch again (at-least-once; the
 * consumers are idempotent). One relay per service is active: the holder of a PostgreSQL advisory
 * lock; standbys take over within `standbyRetryMs` of the holder's connection dying.
 */
export class EventRelay {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private leading = false;
  private readonly checkpoint: string;
  private readonly lockName: string;
  private readonly metrics: MessagingMetrics;

  constructor(private readonly options: EventRelayOptions) {
    this.checkpoint = `relay:${options.service}`;
    this.lockName = options.lockName ?? `accord.relay.${options.service}`;
    this.metrics = options.metrics ?? noMetrics;
  }

  /** True while this process holds the relay lock. */
  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    // Every replica reports, so "no replica leads" is visible (a series at 0), not an absence.
    if (!this.loop) this.metrics.relayLeader(this.options.service, false);
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    const { logger, service } = this.options;
    while (!this.stopped) {
      let client: PoolClient | undefined;
      let broken = false;
      try {
        client = await this.options.pool.connect();
        const { rows } = await client.query<{ locked: boolean }>(
          'select pg_try_advisory_lock(hashtext($1)) as locked',
          [this.lockName],
        );
        if (rows[0]?.locked) {
          this.leading = true;
          this.metrics.relayLeader(service, true);
          logger.info({ service }, 'relay active (holds the lock)');
          await this.relayWhileLeading(client);
        }
      } catch (error) {
        broken = true;
        if (!this.stopped)
          logger.warn({ service, err: error }, 'relay interrupted; starting over from the checkpoint');
      } finally {
        if (this.leading && client && !broken) {
          await client
            .query('select pg_advisory_unlock(hashtext($1))', [this.lockName])
            .catch(() => (broken = true));
        }
        if (this.leading) {
          // A standby reports neither leadership nor a lag it no longer measures.
          this.metrics.relayLeader(service, false);
          this.metrics.relayLag(service, 0, 0);
        }
        this.leading = false;
        // A broken connection is destroyed, which also frees the lock it held.
        client?.release(broken);
      }
      if (!this.stopped) await sleep(this.options.standbyRetryMs ?? 1_000);
    }
  }

  private async relayWhileLeading(lockHolder: PoolClient): Promise<void> {
    const { store, connection, topic, service, logger } = this.options;
    const batchSize = this.options.batchSize ?? 500;
    const filter = { streamPrefix: streamPrefix(service) };
    const idleMs = this.options.idleMs ?? 1_000;
    let checkedLock = Date.now();
    // `saved` is the checkpoint as stored (moved with compare-and-set), `cursor` where reading goes on.
    let saved: GlobalPosition | null = await store.loadCheckpoint(this.checkpoint);
    let savedAt = Date.now();
    let cursor: GlobalPosition = saved ?? GLOBAL_START;
    await connection.ensureTopics([topic]);
    while (!this.stopped) {
      const seen = store.appendsSeen();
      // Personal fields go out encrypted as stored: an erasure then shreds what the topics hold too.
      const { events, position } = await store.readAllPage({
        after: cursor,
        limit: batchSize,
        filter,
        sealed: true,
      });
      const oldest = events[0];
      this.metrics.relayLag(
        service,
        events.length,
        oldest ? Math.max(0, (Date.now() - Date.parse(oldest.recordedAt)) / 1000) : 0,
      );
      if (events.length === 0) {
        // Nothing of ours up to `position`: the cursor skips the other services' events there, and
        // the checkpoint follows at most once per idle wait, not after every event of the log.
        cursor = position;
        if (saved === null || (cursor > saved && Date.now() - savedAt >= idleMs)) {
          if (!(await store.saveCheckpoint(this.checkpoint, saved, cursor))) return;
          saved = cursor;
          savedAt = Date.now();
        }
        // Cheap liveness check of the lock's connection while idle (at most once per idle wait):
        // a dead one ends leadership.
        if (Date.now() - checkedLock >= idleMs) {
          await lockHolder.query('select 1');
          checkedLock = Date.now();
        }
        await store.waitForAppend(seen, idleMs, filter.streamPrefix);
        continue;
      }
      // One publish span per event, a child of the command that stored it; the consumer's span is its child.
      const spans: TraceStep[] = [];
      const records = events.flatMap((event): KafkaRecord[] => {
        const record = toKafkaRecord(service, event);
        if (!record) return [];
        const step = startSpan(`publish ${topic}`, SpanKind.PRODUCER, event.metadata.traceparent, {
          'messaging.system': 'kafka',
          'messaging.destination.name': topic,
          'cloudevents.event_type': record.headers[HEADER.type] ?? '',
        });
        spans.push(step);
        return [
          step.traceparent
            ? { ...record, headers: { ...record.headers, traceparent: step.traceparent } }
            : record,
        ];
      });
      if (records.length > 0) {
        const producer = await connection.producer();
        try {
          await producer.send({
            topic,
            acks: -1,
            messages: records.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
          });
        } catch (error) {
          for (const step of spans) step.end({ error });
          await connection.resetProducer();
          throw error;
        }
        for (const step of spans) step.end();
        this.metrics.published(topic, records.length);
      }
      await this.options.afterPublish?.(events);
      if (!(await store.saveCheckpoint(this.checkpoint, saved, position))) {
        logger.warn({ service }, 'relay checkpoint moved by someone else; stepping down');
        return;
      }
      saved = cursor = position;
      savedAt = Date.now();
    }
  }
}
