import type { Pool } from 'pg';
import type { KafkaMessage } from 'kafkajs';
import { FAILURE_HEADER } from './dead-letter';
import { decodeHeaders } from './envelope';
import type { KafkaConnection } from './kafka-connection';

export interface ParkedMessage {
  /** `<partition>:<offset>` in the dead-letter topic: how an operator names a message. */
  readonly ref: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly reason: string;
  readonly type: string;
  readonly eventId: string;
  readonly error: string;
  readonly attempts: number;
  readonly failedAt: string;
  /** When this message was last re-driven, if ever. */
  readonly replayedAt: string | null;
}

const SCHEMA_SQL = `
create schema if not exists messaging;
create table if not exists messaging.dlq_replays (
  topic text not null,
  partition integer not null,
  "offset" bigint not null,
  replayed_at timestamptz not null default now(),
  primary key (topic, partition, "offset")
)`;

/** Reads every message of a topic as it stands now, without joining a consumer group. */
async function readTopic(
  connection: KafkaConnection,
  topic: string,
): Promise<Array<{ partition: number; message: KafkaMessage }>> {
  const admin = await connection.admin();
  const offsets = await admin.fetchTopicOffsets(topic);
  const pending = new Map(
    offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high) - 1n]),
  );
  const found: Array<{ partition: number; message: KafkaMessage }> = [];
  if (pending.size === 0) return found;
  const consumer = connection.kafka.consumer({ groupId: `accord.dlq-reader.${process.pid}.${Date.now()}` });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic} took longer than 60 s`)), 60_000);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            found.push({ partition, message });
            const last = pending.get(partition);
            if (last !== undefined && BigInt(message.offset) >= last) pending.delete(partition);
            if (pending.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  return found.sort(
    (a, b) => a.partition - b.partition || Number(BigInt(a.message.offset) - BigInt(b.message.offset)),
  );
}

/** Inspect and re-drive what a service parked in its dead-letter topic (`npm run dlq`). */
export class DeadLetterQueue {
  constructor(
    private readonly connection: KafkaConnection,
    private readonly pool: Pool,
    readonly topic: string,
    private readonly retryTopic: string,
  ) {}

  async list(): Promise<ParkedMessage[]> {
    await this.connection.ensureTopics([this.topic]);
    await this.pool.query(SCHEMA_SQL);
    const [messages, replays] = await Promise.all([
      readTopic(this.connection, this.topic),
      this.pool.query<{ partition: number; offset: string; replayed_at: Date }>(
        'select partition, "offset"::text as "offset", replayed_at from messaging.dlq_replays where topic = $1',
        [this.topic],
      ),
    ]);
    const replayed = new Map(
      replays.rows.map((row) => [`${row.partition}:${row.offset}`, row.replayed_at.toISOString()]),
    );
    return messages.map(({ partition, message }) => {
      const headers = decodeHeaders(message.headers);
      const ref = `${partition}:${message.offset}`;
      return {
        ref,
        partition,
        offset: message.offset,
        key: message.key?.toString('utf8') ?? null,
        value: message.value?.toString('utf8') ?? null,
        headers,
        reason: headers[FAILURE_HEADER.reason] ?? 'unknown',
        type: headers['ce_type'] ?? '(none)',
        eventId: headers['ce_id'] ?? '(none)',
        error: headers[FAILURE_HEADER.error] ?? '',
        attempts: Number(headers[FAILURE_HEADER.attempts] ?? '0'),
        failedAt: headers[FAILURE_HEADER.failedAt] ?? '',
        replayedAt: replayed.get(ref) ?? null,
      };
    });
  }

  /**
   * Sends parked messages back through the service's retry topic (only that service handles them
   * again; other consumers of the original topic are not disturbed), as a first delivery. Each is
   * re-driven once unless `force`; returns the refs re-driven.
   */
  async replay(refs: readonly string[] | 'all', options: { force?: boolean } = {}): Promise<string[]> {
    const parked = await this.list();
    const wanted = refs === 'all' ? parked : parked.filter((message) => refs.includes(message.ref));
    if (refs !== 'all') {
      const unknown = refs.filter((ref) => !parked.some((message) => message.ref === ref));
      if (unknown.length > 0)
        throw new Error(`not in ${this.topic}: ${unknown.join(', ')} (use \`list\` to see what is parked)`);
    }
    const toReplay = wanted.filter((message) => options.force || message.replayedAt === null);
    if (toReplay.length === 0) return [];
    await this.connection.ensureTopics([this.retryTopic]);
    const producer = await this.connection.producer();
    await producer.send({
      topic: this.retryTopic,
      acks: -1,
      messages: toReplay.map((message) => ({
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          [FAILURE_HEADER.attempts]: '0',
          [FAILURE_HEADER.retryAt]: String(Date.now()),
          [FAILURE_HEADER.replayOf]: `${this.topic}/${message.ref}`,
        },
      })),
    });
    await this.pool.query(
      `insert into messaging.dlq_replays (topic, partition, "offset")
       select $1, p, o from unnest($2::int[], $3::bigint[]) as t(p, o)
       on conflict (topic, partition, "offset") do update set replayed_at = now()`,
      [this.topic, toReplay.map((m) => m.partition), toReplay.map((m) => m.offset)],
    );
    return toReplay.map((message) => message.ref);
  }
}
