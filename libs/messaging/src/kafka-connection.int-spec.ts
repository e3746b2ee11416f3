import type { Consumer, KafkaMessage } from 'kafkajs';
import { eventually, freshName, freshTopic } from '@accord/testing';
import { KafkaConnection } from './kafka-connection';
import { decodeHeaders } from './kafka-event.server';
import { recordingLogger } from './testing-logger';

describe('KafkaConnection against the real broker', () => {
  const connection = new KafkaConnection({
    clientId: 'accord-int-test',
    brokers: (process.env['KAFKA_BROKERS'] ?? '').split(','),
    logger: recordingLogger(),
  });
  const consumers: Consumer[] = [];

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.disconnect()));
    await connection.close();
  });

  it('describes the cluster', async () => {
    const cluster = await connection.probe(5_000);
    expect(cluster.brokers).toBeGreaterThanOrEqual(1);
  });

  it('creates missing topics with 12 partitions, and leaves existing ones alone', async () => {
    const topic = freshTopic();
    await connection.ensureTopics([topic]);
    await connection.ensureTopics([topic]);
    const admin = await connection.admin();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(12);
  });

  it('produces and consumes a keyed message with headers', async () => {
    const topic = freshTopic();
    await connection.ensureTopics([topic]);
    const producer = connection.kafka.producer({ idempotent: true });
    await producer.connect();
    const caseId = freshName('case');
    await producer.send({
      topic,
      acks: -1,
      messages: [
        {
          key: caseId,
          value: JSON.stringify({ hello: 'kafka' }),
          headers: { ce_type: 'accord.test.v1', ce_subject: caseId },
        },
      ],
    });
    await producer.disconnect();

    const received: KafkaMessage[] = [];
    const consumer = connection.kafka.consumer({ groupId: freshName('group') });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(message) });

    const message = await eventually(() => received[0] ?? false, { timeout: 30_000 });
    expect(message.key?.toString()).toBe(caseId);
    expect(JSON.parse(message.value?.toString() ?? '')).toEqual({ hello: 'kafka' });
    expect(decodeHeaders(message.headers)).toEqual({ ce_type: 'accord.test.v1', ce_subject: caseId });
  });

  it('reports an unreachable broker within the timeout', async () => {
    const nowhere = new KafkaConnection({
      clientId: 'accord-int-test',
      brokers: ['127.0.0.1:1'],
      logger: recordingLogger(),
    });
    const started = Date.now();
    await expect(nowhere.probe(1_500)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
    await nowhere.close();
  });
});
