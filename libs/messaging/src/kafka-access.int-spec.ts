import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { consumerGroup, topics } from '@accord/contracts';
import { eventually, freshId, freshTopic, serviceIdentityEnv } from '@accord/testing';
import { encodeCloudEvent } from './envelope';
import { DLQ_READER_GROUP_PREFIX, KAFKA_DLQ_USER } from './kafka-access';
import { KafkaConnection } from './kafka-connection';
import { kafkaSecurityFromEnv } from './kafka-security';
import { recordingLogger } from './testing-logger';

const run = promisify(execFile);
const root = resolve(__dirname, '..', '..', '..');
const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');

// The global setup provisioned each identity (tools/provision.ts); tests run as the admin.
const connections: KafkaConnection[] = [];
function connectAs(identity: string): KafkaConnection {
  const { tls } = kafkaSecurityFromEnv();
  const security =
    identity === 'admin'
      ? kafkaSecurityFromEnv()
      : identity === 'anonymous'
        ? { ...(tls ? { tls } : {}) }
        : kafkaSecurityFromEnv(serviceIdentityEnv(identity));
  const connection = new KafkaConnection({
    clientId: `accord-access-test-${identity}`,
    brokers,
    logger: recordingLogger(),
    security,
    connectionTimeout: 2_000,
    requestTimeout: 5_000,
  });
  connections.push(connection);
  return connection;
}
const admin = connectAs('admin');

afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.close()));
});

// A well-formed CloudEvent of a type no service handles: consumers of the real topics ignore it.
const message = () => {
  const id = freshId();
  return encodeCloudEvent({
    id,
    type: 'accord.privilege-probe.v1',
    source: '/accord/tests',
    subject: id,
    time: new Date().toISOString(),
    data: { probe: id },
  });
};
async function produce(connection: KafkaConnection, topic: string): Promise<void> {
  const producer = connection.kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 1 } });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [message()] });
  } finally {
    await producer.disconnect();
  }
}

async function endOffsets(topic: string): Promise<string> {
  const offsets = await (await admin.admin()).fetchTopicOffsets(topic);
  return offsets.map((offset) => `${offset.partition}:${offset.high}`).join(',');
}

/**
 * The values written to `topic` since `before` (an `endOffsets` answer), read as the admin: other
 * suites write to Accord's topics meanwhile, so what matters is whether a given line is among them.
 */
async function valuesSince(topic: string, before: string): Promise<string[]> {
  const start = new Map(before.split(',').map((pair) => pair.split(':').map(Number) as [number, number]));
  const end = new Map(
    (await endOffsets(topic)).split(',').map((pair) => pair.split(':').map(Number) as [number, number]),
  );
  const pending = new Set(
    [...end].filter(([partition, high]) => high > (start.get(partition) ?? 0)).map(([p]) => p),
  );
  const values: string[] = [];
  if (pending.size === 0) return values;
  const consumer = admin.kafka.consumer({ groupId: `accord-access-test-${freshId()}` });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic] });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const offset = Number(message.offset);
        if (offset < (start.get(partition) ?? 0) || offset >= (end.get(partition) ?? 0)) return;
        values.push(message.value?.toString() ?? '');
        if (offset === (end.get(partition) ?? 0) - 1) pending.delete(partition);
      },
    });
    for (const [partition, offset] of start) consumer.seek({ topic, partition, offset: String(offset) });
    await eventually(() => pending.size === 0, { timeout: 30_000 });
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  return values;
}

/**
 * Joins `groupId` on `topic` until the first message arrives. Never commits and leaves at once: the
 * group may be a running service's (a concurrent suite's screening), which must lose no message.
 */
async function firstMessageAs(connection: KafkaConnection, topic: string, groupId: string): Promise<void> {
  const consumer = connection.kafka.consumer({ groupId, retry: { retries: 1 } });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let failure: unknown;
    let received = false;
    consumer.on(consumer.events.CRASH, (event) => void (failure = event.payload.error));
    await consumer.run({ autoCommit: false, eachMessage: async () => void (received = true) });
    await eventually(() => received || failure !== undefined, { timeout: 30_000 });
    if (failure) throw failure;
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

describe('Kafka least privilege (SASL/SCRAM per service, ACLs enforced by the broker)', () => {
  it("refuses a service's credentials producing to another service's topic, and lets it produce to its own", async () => {
    const screening = connectAs('screening');
    const before = await endOffsets(topics.events('intake'));
    await expect(produce(screening, topics.events('intake'))).rejects.toThrow(/not authorized/i);
    await expect(produce(screening, topics.dlq('intake'))).rejects.toThrow(/not authorized/i);
    expect(await endOffsets(topics.events('intake'))).toBe(before);
    await expect(produce(screening, topics.events('screening'))).resolves.toBeUndefined();
  });

  it('lets a service read only the topics it hears, in its own consumer group only', async () => {
    await produce(admin, topics.events('intake'));
    // Screening hears intake, in the group accord.screening.
    await expect(
      firstMessageAs(connectAs('screening'), topics.events('intake'), consumerGroup('screening')),
    ).resolves.toBeUndefined();
    // Consent does not hear intake; and screening may not use another service's group (its
    // coordinator is not even named to it).
    await expect(
      firstMessageAs(connectAs('consent'), topics.events('intake'), consumerGroup('consent')),
    ).rejects.toThrow(/not authorized/i);
    await expect(
      firstMessageAs(connectAs('screening'), topics.events('intake'), consumerGroup('intake')),
    ).rejects.toThrow(/not authorized|group coordinator/i);
  });

  it('gives the DLQ tool the dead-letter topics to read and the retry topics to re-drive into, nothing else', async () => {
    const dlq = connectAs(KAFKA_DLQ_USER);
    await produce(admin, topics.dlq('consent'));
    await expect(
      firstMessageAs(dlq, topics.dlq('consent'), `${DLQ_READER_GROUP_PREFIX}${freshId()}`),
    ).resolves.toBeUndefined();
    await expect(produce(dlq, topics.retry('consent'))).resolves.toBeUndefined();
    await expect(produce(dlq, topics.events('consent'))).rejects.toThrow(/not authorized/i);
  });

  it('refuses an unauthenticated client: it can neither list, read nor write', async () => {
    const anonymous = connectAs('anonymous');
    await expect(anonymous.admin().then((client) => client.listTopics())).rejects.toThrow();
    await expect(produce(anonymous, topics.events('intake'))).rejects.toThrow();
    await expect(firstMessageAs(anonymous, topics.events('intake'), freshId())).rejects.toThrow();
  });

  it("refuses the broker's own console producer without credentials (and takes it with the admin's)", async () => {
    const consoleProducer = async (topic: string, ...extra: string[]): Promise<void> => {
      const producing = run(
        'java',
        [
          `-Dlog4j.configuration=file:${resolve(root, 'infra/kafka/log4j.properties')}`,
          '-cp',
          `${resolve(root, 'infra/kafka/.cache/libs')}/*`,
          'kafka.tools.ConsoleProducer',
          '--bootstrap-server',
          brokers[0] ?? '',
          '--topic',
          topic,
          '--producer-property',
          'max.block.ms=8000',
          '--request-required-acks',
          'all',
          ...extra,
        ],
        { timeout: 90_000 },
      );
      producing.child.stdin?.end(`${line}\n`);
      await producing.catch(() => undefined);
    };
    const line = freshId();
    const accordTopic = topics.events('intake');
    const before = await endOffsets(accordTopic);
    await consoleProducer(accordTopic);
    // Other suites' services publish on the topic meanwhile: the console producer's line is not there.
    expect(await valuesSince(accordTopic, before)).not.toContain(line);
    // The same command with the admin's settings (written by infra/kafka/kafka.sh) does write (to a
    // topic of its own: a raw line on Accord's topics would be dead-lettered by their consumers).
    const probe = freshTopic();
    await admin.ensureTopics([probe], 1);
    const empty = await endOffsets(probe);
    const state = process.env['ACCORD_STATE_DIR'] ?? resolve(root, '.accord');
    await consoleProducer(probe, '--producer.config', resolve(state, 'kafka', 'admin.properties'));
    expect(await valuesSince(probe, empty)).toContain(line);
  });
});
