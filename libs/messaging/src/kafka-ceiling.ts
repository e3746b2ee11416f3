import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { KafkaConnection, type MessagingLogger } from './kafka-connection';

export interface KafkaCeilingOptions {
  readonly brokers: readonly string[];
  readonly logger: MessagingLogger;
  /** The event value sent (the same bytes Accord's relay would carry). */
  readonly value: string;
  /** How long each half runs (ms): one event per send, then batches of `batchSize`. */
  readonly durationMs: number;
  readonly batchSize?: number;
}

export interface KafkaCeiling {
  /** One event per send, each awaited (acks from all in-sync replicas, idempotent). */
  readonly singleEventsPerSecond: number;
  /** Milliseconds from send to the consumer holding each single event. */
  readonly singleLatenciesMs: readonly number[];
  /** Batches of `batchSize` events per send, same producer settings. */
  readonly batchedEventsPerSecond: number;
}

/**
 * The raw-Kafka ceiling for the pipeline benchmark: kafkajs produce→consume on a throwaway topic
 * with the producer settings Accord's relay uses (KafkaConnection.producer: idempotent, acks all,
 * one request in flight) and a consumer group as Accord's consumers use, no framework around it.
 * Connects with the identity of the environment (KAFKA_SASL_*: the admin's, who may create topics).
 */
export async function measureKafkaCeiling(options: KafkaCeilingOptions): Promise<KafkaCeiling> {
  const connection = new KafkaConnection({
    clientId: 'accord-bench-ceiling',
    brokers: options.brokers,
    logger: options.logger,
  });
  const topic = `accord.bench.ceiling.${randomUUID()}`;
  const batchSize = options.batchSize ?? 100;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let received = 0;
  await connection.ensureTopics([topic], 1);
  const consumer = connection.kafka.consumer({ groupId: `${topic}.group`, maxWaitTimeInMs: 100 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const joined = new Promise<void>((ready) => consumer.on(consumer.events.GROUP_JOIN, () => ready()));
    await consumer.run({
      eachMessage: async ({ message }) => {
        received++;
        const key = message.key?.toString() ?? '';
        const sent = sentAt.get(key);
        if (sent !== undefined) latencies.push(performance.now() - sent);
      },
    });
    await joined;
    const producer = await connection.producer();

    let single = 0;
    const singleStart = performance.now();
    while (performance.now() - singleStart < options.durationMs) {
      const key = `single-${single++}`;
      sentAt.set(key, performance.now());
      await producer.send({ topic, acks: -1, messages: [{ key, value: options.value }] });
    }
    const singleSeconds = (performance.now() - singleStart) / 1000;

    let batched = 0;
    const batchStart = performance.now();
    while (performance.now() - batchStart < options.durationMs) {
      const messages = Array.from({ length: batchSize }, () => ({
        key: `batch-${batched++}`,
        value: options.value,
      }));
      await producer.send({ topic, acks: -1, messages });
    }
    const batchSeconds = (performance.now() - batchStart) / 1000;
    // Wait (bounded) until the consumer has every event, so the consumer's share is in the numbers.
    const deadline = Date.now() + 30_000;
    while (received < single + batched && Date.now() < deadline)
      await new Promise((wait) => setTimeout(wait, 50));
    return {
      singleEventsPerSecond: single / singleSeconds,
      singleLatenciesMs: latencies,
      batchedEventsPerSecond: batched / batchSeconds,
    };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await (await connection.admin()).deleteTopics({ topics: [topic] }).catch(() => undefined);
    await connection.close();
  }
}
