import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import type { KafkaMessage } from 'kafkajs';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { Pool } from 'pg';
import { PostgresEventStore, streamName, type NewEvent, type RecordedEvent } from '@accord/event-store';
import { eventually, freshId, freshName, freshTopic } from '@accord/testing';
import { decodeHeaders } from './envelope';
import { KafkaConnection } from './kafka-connection';
import { EventRelay } from './relay';
import { useTracer } from './tracing';
import { recordingLogger } from './testing-logger';
import '../test/relay-test-contracts';

const root = resolve(__dirname, '../../..');
const databaseUrl = process.env['DATABASE_URL'] ?? '';
const masterKey = process.env['EVENT_STORE_MASTER_KEY'] ?? '';
const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');

const pool = new Pool({ connectionString: databaseUrl, max: 20 });
const connection = new KafkaConnection({ clientId: 'accord-relay-test', brokers, logger: recordingLogger() });
const cleanups: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await connection.close();
  await pool.end();
});

async function freshStore(): Promise<{ store: PostgresEventStore; schema: string }> {
  const schema = `relay_${freshName('t').replace(/-/g, '_')}`;
  const store = await PostgresEventStore.create({
    pool,
    schema,
    masterKey,
    personalData: [
      { type: 'TestContactShared', personalFields: [{ personIdPath: 'personId', fields: ['email'] }] },
    ],
  });
  cleanups.push(() => store.close());
  return { store, schema };
}

function step(caseId: string, n: number): NewEvent {
  return {
    eventId: freshId(),
    type: 'TestStepRecorded',
    schemaVersion: 1,
    data: { caseId, step: n },
    metadata: {
      correlationId: `corr-${caseId}`,
      causationId: `cause-${n}`,
      actor: 'test',
      occurredAt: new Date().toISOString(),
    },
  };
}

function internal(caseId: string): NewEvent {
  return { ...step(caseId, -1), type: 'TestInternalNote', data: { note: 'not for other services' } };
}

/** Everything on a topic, read by a throw-away group. */
async function tail(topic: string): Promise<KafkaMessage[]> {
  const messages: KafkaMessage[] = [];
  await connection.ensureTopics([topic]);
  const consumer = connection.kafka.consumer({ groupId: freshName('reader') });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
  cleanups.push(() => consumer.disconnect());
  return messages;
}

const stepOf = (message: KafkaMessage): number =>
  (JSON.parse(message.value?.toString() ?? '{}') as { step: number }).step;
const caseOf = (message: KafkaMessage): string => message.key?.toString() ?? '';

/** Per case, the first delivery of each step comes in step order (redeliveries may repeat a step). */
function expectInOrderPerCase(messages: readonly KafkaMessage[], steps: number): void {
  const byCase = new Map<string, number[]>();
  for (const message of messages)
    byCase.set(caseOf(message), [...(byCase.get(caseOf(message)) ?? []), stepOf(message)]);
  for (const seen of byCase.values()) {
    const firsts = seen.filter((value, index) => seen.indexOf(value) === index);
    expect(firsts).toEqual(Array.from({ length: steps }, (_, n) => n));
  }
}

function startRelay(
  store: PostgresEventStore,
  schema: string,
  topic: string,
  afterPublish?: (events: readonly RecordedEvent[]) => Promise<void>,
): EventRelay {
  const relay = new EventRelay({
    service: 'intake',
    store,
    pool,
    connection,
    topic,
    lockName: `relay-test.${schema}`,
    logger: recordingLogger(),
    idleMs: 50,
    standbyRetryMs: 200,
    ...(afterPublish ? { afterPublish } : {}),
  });
  relay.start();
  cleanups.push(() => relay.stop());
  return relay;
}

describe('EventRelay: the event store is the outbox', () => {
  it("publishes the service's published-language events as CloudEvents keyed by case, and keeps internal events in", async () => {
    const { store, schema } = await freshStore();
    const topic = freshTopic();
    const caseId = freshId();
    const stream = streamName('intake', 'Referral', caseId);
    const events = [step(caseId, 0), internal(caseId), step(caseId, 1)];
    await store.appendToStream(stream, events, { expectedVersion: 'no-stream' });
    // Another service's stream in the same log is not this relay's to publish.
    await store.appendToStream(streamName('screening', 'Screening', caseId), [step(caseId, 99)], {
      expectedVersion: 'no-stream',
    });

    const seen = await tail(topic);
    startRelay(store, schema, topic);
    await eventually(() => seen.length >= 2, { timeout: 30_000 });
    await eventually(async () => (await store.loadCheckpoint('relay:intake')) !== null);

    expect(seen.map(stepOf)).toEqual([0, 1]);
    const headers = decodeHeaders(seen[0]?.headers);
    expect(caseOf(seen[0] as KafkaMessage)).toBe(caseId);
    expect(headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: events[0]?.eventId,
      ce_type: 'accord.test.step.recorded.v1',
      ce_source: '/accord/intake',
      ce_subject: caseId,
      ce_time: events[0]?.metadata.occurredAt,
      'content-type': 'application/json',
      correlationid: `corr-${caseId}`,
      causationid: 'cause-0',
    });
  });

  it('publishes personal fields encrypted as stored: a consumer reveals them with the store, and an erasure shreds the copy on the topic', async () => {
    const { store, schema } = await freshStore();
    const topic = freshTopic();
    const caseId = freshId();
    const personId = freshId();
    const email = `someone-${caseId.slice(0, 8)}@example.org`;
    const shared: NewEvent = {
      ...step(caseId, 0),
      type: 'TestContactShared',
      data: { caseId, personId, email },
    };
    await store.appendToStream(streamName('intake', 'Referral', caseId), [shared], {
      expectedVersion: 'no-stream',
    });

    const seen = await tail(topic);
    startRelay(store, schema, topic);
    await eventually(() => seen.length >= 1, { timeout: 30_000 });
    const value = seen[0]?.value?.toString() ?? '';
    expect(value).not.toContain(email);
    const onTheTopic = JSON.parse(value) as { email: string };
    expect(onTheTopic.email).toMatch(new RegExp(`^enc:v1:.+:${personId}$`));

    const revealed = structuredClone(onTheTopic);
    await store.revealPersonalData([{ eventId: shared.eventId, data: revealed }]);
    expect(revealed).toEqual({ caseId, personId, email });
    // The copy on the topic does not decrypt under another event's id.
    await expect(
      store.revealPersonalData([{ eventId: freshId(), data: structuredClone(onTheTopic) }]),
    ).rejects.toThrow(/does not decrypt/);

    expect(await store.audit.erasePerson(personId)).toBe(true);
    const afterErasure = structuredClone(onTheTopic);
    await store.revealPersonalData([{ eventId: shared.eventId, data: afterErasure }]);
    expect(afterErasure.email).toBe('[erased]');
  });

  it('publishes each event in a producer span, a child of the command that stored it, and hands its traceparent on', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    useTracer(provider.getTracer('relay-test'));
    cleanups.push(async () => {
      useTracer(undefined);
      await provider.shutdown();
    });
    const { store, schema } = await freshStore();
    const topic = freshTopic();
    const caseId = freshId();
    const command = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
    const traced = step(caseId, 0);
    await store.appendToStream(
      streamName('intake', 'Referral', caseId),
      [
        {
          ...traced,
          metadata: { ...traced.metadata, traceparent: `00-${command.traceId}-${command.spanId}-01` },
        },
      ],
      { expectedVersion: 'no-stream' },
    );
    const seen = await tail(topic);
    startRelay(store, schema, topic);
    await eventually(() => seen.length >= 1, { timeout: 30_000 });

    const [publish] = exporter.getFinishedSpans();
    expect(publish?.name).toBe(`publish ${topic}`);
    expect(publish?.spanContext().traceId).toBe(command.traceId);
    expect(publish?.parentSpanContext?.spanId).toBe(command.spanId);
    expect(decodeHeaders(seen[0]?.headers)['traceparent']).toBe(
      `00-${command.traceId}-${publish?.spanContext().spanId ?? ''}-01`,
    );
  });

  it('publishes again what Kafka acknowledged before a crash stopped the checkpoint, and loses nothing', async () => {
    const { store, schema } = await freshStore();
    const topic = freshTopic();
    const caseId = freshId();
    await store.appendToStream(
      streamName('intake', 'Referral', caseId),
      [0, 1, 2].map((n) => step(caseId, n)),
      { expectedVersion: 'no-stream' },
    );

    let crashes = 0;
    const seen = await tail(topic);
    startRelay(store, schema, topic, async () => {
      if (crashes++ === 0) throw new Error('crash between the Kafka ack and the checkpoint');
    });
    await eventually(() => seen.length >= 6, { timeout: 30_000 });
    // The same three events twice: same ids, so idempotent consumers append nothing new.
    expect(seen.map((m) => decodeHeaders(m.headers)['ce_id'])).toEqual(
      [...seen.slice(0, 3), ...seen.slice(0, 3)].map((m) => decodeHeaders(m.headers)['ce_id']),
    );
    expect(seen.map(stepOf)).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('fails over to a standby process when the active relay is killed mid-stream, publishing every event in order per case', async () => {
    const { store, schema } = await freshStore();
    const topic = freshTopic();
    await connection.ensureTopics([topic]);
    const seen = await tail(topic);

    const replicas: ChildProcess[] = [];
    const roles = new Map<ChildProcess, string>();
    const launch = (): ChildProcess => {
      const child = spawn(
        process.execPath,
        ['-r', resolve(root, 'tools/ts-register.cjs'), resolve(root, 'libs/messaging/test/relay-process.ts')],
        {
          cwd: root,
          env: { ...process.env, RELAY_SCHEMA: schema, RELAY_TOPIC: topic },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      createInterface({ input: child.stdout! }).on('line', (line) => roles.set(child, line));
      replicas.push(child);
      cleanups.push(async () => void child.kill('SIGKILL'));
      return child;
    };
    launch();
    launch();
    const leader = await eventually(() => replicas.find((child) => roles.get(child) === 'leader') ?? false, {
      timeout: 30_000,
    });

    const cases = Array.from({ length: 6 }, () => freshId());
    const steps = 15;
    const writing = (async () => {
      for (let n = 0; n < steps; n++) {
        for (const caseId of cases) {
          await store.appendToStream(streamName('intake', 'Referral', caseId), [step(caseId, n)], {
            expectedVersion: n === 0 ? 'no-stream' : n - 1,
          });
        }
        if (n === 5) leader.kill('SIGKILL');
      }
    })();
    await writing;

    const standby = replicas.find((child) => child !== leader) as ChildProcess;
    await eventually(() => roles.get(standby) === 'leader', { timeout: 30_000 });
    await eventually(
      () => new Set(seen.map((m) => `${caseOf(m)}:${stepOf(m)}`)).size === cases.length * steps,
      { timeout: 60_000 },
    );
    expectInOrderPerCase(seen, steps);
  });
});
