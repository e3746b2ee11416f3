import { Controller, Inject, Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { IsString, IsUUID } from 'class-validator';
import type { KafkaMessage } from 'kafkajs';
import { defineIntegrationEvent } from '@accord/contracts';
import { eventually, freshId, freshName, freshTopic } from '@accord/testing';
import { FAILURE_HEADER } from './dead-letter';
import { decodeHeaders, encodeCloudEvent } from './envelope';
import { KafkaConnection } from './kafka-connection';
import { KafkaEventContext, KafkaEventServer, RethrowRpcErrors } from './kafka-event.server';
import { currentLogContext, type LogContext } from './log-context';
import { recordingLogger } from './testing-logger';
import { Pool } from 'pg';
import '../test/relay-test-contracts';
import { DeadLetterQueue } from './dead-letter-queue';

class TestGreetingV1 {
  @IsUUID() caseId!: string;
  @IsString() text!: string;
}
defineIntegrationEvent({
  name: 'TestGreeting',
  version: 1,
  source: 'intake',
  schema: TestGreetingV1,
  description: 'test only',
});

interface Handled {
  replica: string;
  type: string;
  payload: Record<string, unknown>;
  context: KafkaEventContext;
  /** What the handler's log lines carry. */
  logContext?: LogContext;
}
const handled: Handled[] = [];
/** Event ids whose `repairable` handler has been "fixed" (deployed anew, in real life). */
const repaired = new Set<string>();
const failuresSoFar = new Map<string, number>();

@Controller()
class TestHandlers {
  constructor(@Inject('REPLICA') private readonly replica: string) {}

  @EventPattern('accord.test.greeting.v1')
  greet(@Payload() payload: TestGreetingV1, @Ctx() context: KafkaEventContext): void {
    handled.push({
      replica: this.replica,
      type: 'greeting',
      payload: { ...payload },
      context,
      logContext: currentLogContext(),
    });
  }

  /** Fails `failTimes` times per event id, then succeeds. */
  @EventPattern('accord.test.flaky.v1')
  flaky(@Payload() payload: { failTimes: number }, @Ctx() context: KafkaEventContext): void {
    const failures = failuresSoFar.get(context.event.id) ?? 0;
    if (failures < payload.failTimes) {
      failuresSoFar.set(context.event.id, failures + 1);
      throw new Error(`flaky failure ${failures + 1}`);
    }
    handled.push({ replica: this.replica, type: 'flaky', payload, context });
  }

  @EventPattern('accord.test.repairable.v1')
  repairable(@Payload() payload: { caseId: string }, @Ctx() context: KafkaEventContext): void {
    if (!repaired.has(context.event.id)) throw new Error('bug not fixed yet');
    handled.push({ replica: this.replica, type: 'repairable', payload, context });
  }

  @EventPattern('accord.test.contact.shared.v1')
  contact(@Payload() payload: Record<string, unknown>, @Ctx() context: KafkaEventContext): void {
    handled.push({ replica: this.replica, type: 'contact', payload: { ...payload }, context });
  }

  @EventPattern('accord.test.broken.v1')
  async broken(): Promise<void> {
    throw new Error('this handler never works');
  }
}

@Module({})
class TestModule {
  static forReplica(replica: string): DynamicModule {
    return {
      module: TestModule,
      controllers: [TestHandlers],
      providers: [{ provide: 'REPLICA', useValue: replica }],
    };
  }
}

const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
const connection = new KafkaConnection({ clientId: 'accord-int-test', brokers, logger: recordingLogger() });
const apps: INestMicroservice[] = [];

interface Topics {
  events: string;
  retry: string;
  dlq: string;
  group: string;
}

function freshTopics(): Topics {
  const events = freshTopic();
  return { events, retry: `${events}.retry`, dlq: `${events}.dlq`, group: freshName('group') };
}

/** Fresh topics, already created on the broker: events, retry and dead letters. */
async function createdTopics(): Promise<Topics> {
  const topics = freshTopics();
  await connection.ensureTopics([topics.events, topics.retry, topics.dlq]);
  return topics;
}

async function startReplica(
  topics: Topics,
  replica: string,
  revealPersonalData?: (eventId: string, data: object) => Promise<void>,
): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice(TestModule.forReplica(replica), {
    strategy: new KafkaEventServer({
      connection,
      groupId: topics.group,
      topics: [topics.events],
      retryTopic: topics.retry,
      deadLetterTopic: topics.dlq,
      logger: recordingLogger(),
      retryPolicy: { inlineAttempts: 2, inlineBackoffMs: 10, retryDelaysMs: [300, 300] },
      ...(revealPersonalData ? { revealPersonalData } : {}),
    }),
    logger: false,
  });
  app.useGlobalFilters(new RethrowRpcErrors());
  await app.listen();
  apps.push(app);
  return app;
}

function cloudEvent(type: string, caseId: string, data: unknown, id = freshId()) {
  return encodeCloudEvent({
    id,
    type,
    source: '/accord/test',
    subject: caseId,
    time: new Date().toISOString(),
    data,
  });
}

async function send(
  topic: string,
  messages: Array<{ key: string; value: string; headers: Record<string, string> }>,
): Promise<void> {
  const producer = await connection.producer();
  await producer.send({ topic, acks: -1, messages });
}

async function readAll(topic: string): Promise<KafkaMessage[]> {
  const messages: KafkaMessage[] = [];
  const consumer = connection.kafka.consumer({ groupId: freshName('reader') });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
  return Object.assign(messages, { stop: () => consumer.disconnect() });
}

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await connection.close();
});

describe('KafkaEventServer (the Kafka side of a hybrid app)', () => {
  it('parks poison messages in the dead-letter topic with their reason, and the partition moves on', async () => {
    const topics = await createdTopics();
    await startReplica(topics, 'a');
    const caseId = freshId();
    const good = cloudEvent('accord.test.greeting.v1', caseId, { caseId, text: 'after the poison' });
    const missingHeaders = cloudEvent('accord.test.greeting.v1', caseId, { caseId, text: 'x' });
    delete missingHeaders.headers['ce_id'];
    delete missingHeaders.headers['ce_source'];
    // One key, so one partition: the good message waits behind every poisoned one.
    await send(topics.events, [
      { ...cloudEvent('accord.test.greeting.v1', caseId, {}), value: '{not json' },
      missingHeaders,
      cloudEvent('accord.test.greeting.v2', caseId, { caseId, text: 'a version we do not handle' }),
      cloudEvent('accord.test.greeting.v1', caseId, { caseId: 'not-a-uuid', text: 42 }),
      cloudEvent('accord.test.unrelated.v1', caseId, { ignored: true }),
      cloudEvent('accord.test.broken.v1', caseId, {}),
      good,
    ]);

    await eventually(() => handled.some((h) => h.context.event.id === good.headers['ce_id']), {
      timeout: 60_000,
    });

    const dlq = await readAll(topics.dlq);
    try {
      await eventually(() => dlq.length === 5, { timeout: 60_000 });
      const parked = dlq.map((message) => decodeHeaders(message.headers));
      expect(parked.map((h) => h[FAILURE_HEADER.reason])).toEqual([
        'invalid-envelope',
        'invalid-envelope',
        'unsupported-version',
        'contract-violation',
        'handler-failed',
      ]);
      expect(parked[0]?.[FAILURE_HEADER.error]).toMatch(/value is not JSON/);
      expect(parked[1]?.[FAILURE_HEADER.error]).toMatch(/ce_id is missing.*ce_source is missing/);
      expect(
        JSON.parse(parked[3]?.[FAILURE_HEADER.violations] ?? '[]')
          .map((v: { field: string }) => v.field)
          .sort(),
      ).toEqual(['caseId', 'text']);
      const brokenOne = parked[4] ?? {};
      expect(brokenOne[FAILURE_HEADER.error]).toBe('this handler never works');
      expect(brokenOne[FAILURE_HEADER.stack]).toContain('TestHandlers.broken');
      expect(brokenOne[FAILURE_HEADER.attempts]).toBe('3');
      expect(brokenOne[FAILURE_HEADER.originalTopic]).toBe(topics.events);
      expect(brokenOne['ce_type']).toBe('accord.test.broken.v1');
      expect(dlq.every((message) => message.key?.toString() === caseId)).toBe(true);
    } finally {
      await (dlq as unknown as { stop(): Promise<void> }).stop();
    }
  });

  it("runs each handler in its event's log context: correlation id and trace of the event", async () => {
    const topics = await createdTopics();
    await startReplica(topics, 'a');
    const caseId = freshId();
    const traced = cloudEvent('accord.test.greeting.v1', caseId, { caseId, text: 'traced' });
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    traced.headers['traceparent'] = traceparent;
    traced.headers['correlationid'] = 'corr-from-the-request';
    const untraced = cloudEvent('accord.test.greeting.v1', caseId, { caseId, text: 'untraced' });
    await send(topics.events, [traced, untraced]);

    const of = (message: typeof traced) =>
      eventually(() => handled.find((h) => h.context.event.id === message.headers['ce_id']) ?? false, {
        timeout: 60_000,
      });
    expect((await of(traced)).logContext).toEqual({ correlationId: 'corr-from-the-request', traceparent });
    // No correlation id on the event: its own id correlates the lines; no trace, none invented.
    expect((await of(untraced)).logContext).toEqual({ correlationId: untraced.headers['ce_id'] });
    expect(currentLogContext()).toBeUndefined();
  });

  it('reveals encrypted personal fields before the contract check, and retries when they cannot be revealed yet', async () => {
    const topics = await createdTopics();
    const caseId = freshId();
    const personId = freshId();
    const sealed = cloudEvent('accord.test.contact.shared.v1', caseId, {
      caseId,
      personId,
      email: `enc:v1:c2VhbGVk:${personId}`,
    });
    const plain = cloudEvent('accord.test.contact.shared.v1', caseId, {
      caseId,
      personId,
      email: 'plain@example.org',
    });
    const asked: string[] = [];
    // The person-key store answers from the second time it is asked (the database was restarting).
    await startReplica(topics, 'a', async (eventId, data) => {
      asked.push(eventId);
      if (asked.length === 1) throw new Error('the database is restarting');
      Object.assign(data, { email: 'revealed@example.org' });
    });
    await send(topics.events, [sealed, plain]);

    const of = (message: typeof sealed) =>
      eventually(() => handled.find((h) => h.context.event.id === message.headers['ce_id']) ?? false, {
        timeout: 60_000,
      });
    // Sealed, the address would break the contract (not an email); revealed, it passes.
    expect((await of(sealed)).payload).toEqual({ caseId, personId, email: 'revealed@example.org' });
    expect((await of(sealed)).context.delivery).toBe(2);
    // Nothing to reveal in a message without envelopes: the store is not asked.
    expect((await of(plain)).payload).toMatchObject({ email: 'plain@example.org' });
    expect(asked).toEqual([sealed.headers['ce_id'], sealed.headers['ce_id']]);
  });

  it('redelivers a failing message through the retry topic until it succeeds, with a stable derived id', async () => {
    const topics = freshTopics();
    await startReplica(topics, 'a');
    const caseId = freshId();
    const flaky = cloudEvent('accord.test.flaky.v1', caseId, { failTimes: 4 });
    await send(topics.events, [flaky]);

    const result = await eventually(
      () => handled.find((h) => h.context.event.id === flaky.headers['ce_id']) ?? false,
      { timeout: 60_000 },
    );
    // Two inline tries fail on each of the first two deliveries; the third delivery works.
    expect(result.context.delivery).toBe(3);
    expect(result.context.topic).toBe(topics.events);
    expect(result.context.derivedEventId('screening.decide')).toBe(
      new KafkaEventContext(result.context.event, topics.events, 0, '0', {}, 1, topics.group).derivedEventId(
        'screening.decide',
      ),
    );
  });

  it('re-drives a parked message once its handler is fixed, and only once', async () => {
    const topics = freshTopics();
    await startReplica(topics, 'a');
    const caseId = freshId();
    const message = cloudEvent('accord.test.repairable.v1', caseId, { caseId });
    const eventId = message.headers['ce_id'] as string;
    await send(topics.events, [message]);

    const pool = new Pool({ connectionString: process.env['DATABASE_URL'] });
    const dlq = new DeadLetterQueue(connection, pool, topics.dlq, topics.retry);
    try {
      const parked = await eventually(
        async () => (await dlq.list()).find((m) => m.eventId === eventId) ?? false,
        { timeout: 60_000 },
      );
      expect(parked.reason).toBe('handler-failed');
      expect(parked.error).toBe('bug not fixed yet');

      repaired.add(eventId);
      expect(await dlq.replay([parked.ref])).toEqual([parked.ref]);
      const result = await eventually(() => handled.find((h) => h.context.event.id === eventId) ?? false, {
        timeout: 60_000,
      });
      expect(result.context.delivery).toBe(1);
      expect(result.context.topic).toBe(topics.events);

      expect(await dlq.replay('all')).toEqual([]);
      expect((await dlq.list()).find((m) => m.ref === parked.ref)?.replayedAt).not.toBeNull();
    } finally {
      await pool.end();
    }
  });

  it('shares partitions between two replicas of one consumer group; each message is handled once', async () => {
    const topics = freshTopics();
    await startReplica(topics, 'left');
    await startReplica(topics, 'right');
    const admin = await connection.admin();
    await eventually(
      async () => {
        const { groups } = await admin.describeGroups([topics.group]);
        return groups[0]?.state === 'Stable' && groups[0].members.length === 2;
      },
      { timeout: 60_000, interval: 200 },
    );

    const messages = Array.from({ length: 48 }, (_, n) => {
      const caseId = freshId();
      return cloudEvent('accord.test.greeting.v1', caseId, { caseId, text: `message ${n}` });
    });
    await send(topics.events, messages);

    const ids = new Set(messages.map((m) => m.headers['ce_id']));
    const mine = () => handled.filter((h) => ids.has(h.context.event.id));
    await eventually(() => mine().length >= messages.length, { timeout: 60_000 });
    expect(new Set(mine().map((h) => h.context.event.id)).size).toBe(messages.length);
    expect(mine()).toHaveLength(messages.length);
    expect(new Set(mine().map((h) => h.replica))).toEqual(new Set(['left', 'right']));
  });
});
