import {
  Kafka,
  logLevel as KafkaLogLevel,
  type Admin,
  type KafkaConfig,
  type LogEntry,
  type Producer,
  type SASLOptions,
} from 'kafkajs';
import { TOPIC_PARTITIONS } from '@accord/contracts';
import { kafkaSecurityFromEnv, type KafkaSecurity } from './kafka-security';

/** The few logger methods the messaging layer needs (pino's Logger satisfies it). */
export interface MessagingLogger {
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
  debug(fields: object, message?: string): void;
}

export interface KafkaConnectionOptions {
  readonly clientId: string;
  readonly brokers: readonly string[];
  readonly logger: MessagingLogger;
  /** Connection and request timeouts (ms): short, so a dead broker is noticed within seconds. */
  readonly connectionTimeout?: number;
  readonly requestTimeout?: number;
  /** Replication factor for topics this process creates (1 on a single-node broker). */
  readonly replicationFactor?: number;
  /** SASL/SCRAM identity and TLS; default: from KAFKA_SASL_* / KAFKA_TLS* (kafkaSecurityFromEnv). */
  readonly security?: KafkaSecurity;
}

/**
 * kafkajs logs at ERROR whatever it is about to retry (a broker restarting, a leader moving, a
 * coordinator not ready while the cluster settles): WARN here. What really fails reaches Accord's
 * code as an error, and that code logs it once at ERROR with its context.
 */
const levelNames: Record<number, 'warn' | 'info' | 'debug'> = {
  [KafkaLogLevel.ERROR]: 'warn',
  [KafkaLogLevel.WARN]: 'warn',
  [KafkaLogLevel.INFO]: 'info',
  [KafkaLogLevel.DEBUG]: 'debug',
};

/**
 * One Kafka client per process. Every kafkajs call in Accord lives in libs/messaging, so the
 * client library can be swapped without touching a service (kafkajs is unmaintained since 2023).
 */
export class KafkaConnection {
  readonly kafka: Kafka;
  private adminClient: Admin | undefined;
  private adminConnecting: Promise<Admin> | undefined;
  private producerClient: Promise<Producer> | undefined;

  constructor(private readonly options: KafkaConnectionOptions) {
    // kafkajs warns on every producer that its default partitioner changed in v2; we use the default.
    process.env['KAFKAJS_NO_PARTITIONER_WARNING'] ??= '1';
    const logger = options.logger;
    const security = options.security ?? kafkaSecurityFromEnv();
    const config: KafkaConfig = {
      clientId: options.clientId,
      brokers: [...options.brokers],
      ...(security.sasl ? { sasl: { ...security.sasl } as SASLOptions } : {}),
      ...(security.tls ? { ssl: security.tls === true ? true : { ca: [security.tls.ca] } } : {}),
      connectionTimeout: options.connectionTimeout ?? 3_000,
      requestTimeout: options.requestTimeout ?? 10_000,
      retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 5_000 },
      logLevel: KafkaLogLevel.WARN,
      logCreator:
        () =>
        ({ level, namespace, log }: LogEntry) => {
          const { message, ...extra } = log;
          logger[levelNames[level] ?? 'info']({ component: `kafkajs.${namespace}`, ...extra }, message);
        },
    };
    this.kafka = new Kafka(config);
  }

  get brokers(): readonly string[] {
    return this.options.brokers;
  }

  /** A connected admin client, created on first use and re-created after a failure. */
  async admin(): Promise<Admin> {
    if (this.adminClient) return this.adminClient;
    this.adminConnecting ??= (async () => {
      const admin = this.kafka.admin({ retry: { retries: 0 } });
      try {
        await admin.connect();
        this.adminClient = admin;
        return admin;
      } catch (error) {
        await admin.disconnect().catch(() => undefined);
        throw error;
      } finally {
        this.adminConnecting = undefined;
      }
    })();
    return this.adminConnecting;
  }

  /**
   * Asks the cluster to describe itself within `timeoutMs`. Resolves with the broker count, or
   * rejects with the reason the broker is unreachable.
   */
  async probe(timeoutMs: number): Promise<{ brokers: number; controller: number | null }> {
    try {
      const cluster = await withTimeout(
        (async () => (await this.admin()).describeCluster())(),
        timeoutMs,
        `Kafka did not answer within ${timeoutMs} ms`,
      );
      return { brokers: cluster.brokers.length, controller: cluster.controller };
    } catch (error) {
      await this.resetAdmin();
      throw error;
    }
  }

  /** Creates the topics that are missing (12 partitions by default); existing topics are left alone. */
  async ensureTopics(topics: readonly string[], numPartitions: number = TOPIC_PARTITIONS): Promise<void> {
    const admin = await this.admin();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    // kafkajs' own wait for leaders gives up on "does not host this topic-partition" while a busy
    // broker settles; the loop below waits for the same thing and asks again instead.
    await admin.createTopics({
      waitForLeaders: false,
      topics: missing.map((topic) => ({
        topic,
        numPartitions,
        replicationFactor: this.options.replicationFactor ?? 1,
      })),
    });
    // A busy broker can answer before every partition has a leader it will admit to: wait for them,
    // so a producer or consumer right after this never meets "does not host this topic-partition".
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        const { topics: described } = await admin.fetchTopicMetadata({ topics: missing });
        const ready = described.every(
          (topic) =>
            topic.partitions.length === numPartitions &&
            topic.partitions.every((partition) => partition.leader >= 0),
        );
        if (ready) break;
      } catch {
        // Not in the metadata yet: ask again.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.options.logger.info({ topics: missing, numPartitions }, 'created Kafka topics');
  }

  /**
   * The process's idempotent producer (acks from all in-sync replicas, no duplicates on retry),
   * connected on first use and re-created after a failed connect.
   */
  async producer(): Promise<Producer> {
    this.producerClient ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
      });
      try {
        await producer.connect();
        return producer;
      } catch (error) {
        this.producerClient = undefined;
        await producer.disconnect().catch(() => undefined);
        throw error;
      }
    })();
    return this.producerClient;
  }

  /** Drops the producer after a failure it may not recover from; the next call makes a new one. */
  async resetProducer(): Promise<void> {
    const producer = this.producerClient;
    this.producerClient = undefined;
    await (await producer?.catch(() => undefined))?.disconnect().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.resetProducer();
    await this.resetAdmin();
  }

  private async resetAdmin(): Promise<void> {
    const admin = this.adminClient;
    this.adminClient = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}

export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** How far a consumer group is behind, per topic (sum over partitions); topics it never committed count from the start. */
export async function consumerLag(
  connection: KafkaConnection,
  groupId: string,
  topics: readonly string[],
): Promise<Record<string, number>> {
  const admin = await connection.admin();
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const lag: Record<string, number> = {};
  for (const { topic, partitions } of committed) {
    const ends = await admin.fetchTopicOffsets(topic);
    const high = new Map(ends.map((end) => [end.partition, BigInt(end.high)]));
    const low = new Map(ends.map((end) => [end.partition, BigInt(end.low)]));
    lag[topic] = partitions.reduce((sum, { partition, offset }) => {
      const end = high.get(partition) ?? 0n;
      const from = offset === '-1' ? (low.get(partition) ?? 0n) : BigInt(offset);
      return sum + Number(end > from ? end - from : 0n);
    }, 0);
  }
  return lag;
}

/** How many messages each topic holds now (high minus low watermark, over its partitions; 0 when it does not exist). */
export async function topicMessageCounts(
  connection: KafkaConnection,
  topics: readonly string[],
): Promise<Record<string, number>> {
  const admin = await connection.admin();
  const existing = new Set(await admin.listTopics());
  const counts: Record<string, number> = {};
  for (const topic of topics) {
    if (!existing.has(topic)) {
      counts[topic] = 0;
      continue;
    }
    const offsets = await admin.fetchTopicOffsets(topic);
    counts[topic] = offsets.reduce((sum, { high, low }) => sum + Number(BigInt(high) - BigInt(low)), 0);
  }
  return counts;
}
