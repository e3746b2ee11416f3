import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { eventually, freshName, freshTopic } from '@accord/testing';
import { KafkaConnection } from './kafka-connection';
import { KafkaEventContext, KafkaEventServer } from './kafka-event.server';
import { recordingLogger } from './testing-logger';

const received: Array<{ payload: unknown; context: KafkaEventContext }> = [];

@Controller()
class GreetingHandler {
  @EventPattern('accord.test.greeting.v1')
  handle(@Payload() payload: unknown, @Ctx() context: KafkaEventContext): void {
    received.push({ payload, context });
  }
}

@Module({ controllers: [GreetingHandler] })
class GreetingModule {}

describe('KafkaEventServer (the Kafka side of a hybrid app)', () => {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
  const connection = new KafkaConnection({ clientId: 'accord-int-test', brokers, logger: recordingLogger() });
  const topic = freshTopic();
  let app: INestMicroservice;

  beforeAll(async () => {
    app = await NestFactory.createMicroservice(GreetingModule, {
      strategy: new KafkaEventServer({
        connection,
        groupId: freshName('group'),
        topics: [topic],
        logger: recordingLogger(),
      }),
      logger: false,
    });
    await app.listen();
  });

  afterAll(async () => {
    await app.close();
    await connection.close();
  });

  it('routes each message to the handler of its ce_type, with key and headers, and ignores other types', async () => {
    const producer = connection.kafka.producer();
    await producer.connect();
    const caseId = freshName('case');
    await producer.send({
      topic,
      messages: [
        { key: caseId, value: JSON.stringify({ n: 1 }), headers: { ce_type: 'accord.test.other.v1' } },
        { key: caseId, value: 'not json', headers: { ce_type: 'accord.test.greeting.v1' } },
        {
          key: caseId,
          value: JSON.stringify({ n: 2 }),
          headers: { ce_type: 'accord.test.greeting.v1', ce_id: 'id-2' },
        },
      ],
    });
    await producer.disconnect();

    await eventually(() => received.length === 1, { timeout: 60_000 });
    const [first] = received;
    expect(first?.payload).toEqual({ n: 2 });
    expect(first?.context.key).toBe(caseId);
    expect(first?.context.topic).toBe(topic);
    expect(first?.context.headers['ce_id']).toBe('id-2');
  });
});
