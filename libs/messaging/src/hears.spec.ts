import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Server, type CustomTransportStrategy, type MicroserviceOptions } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { CaseHalted, ConsentsComplete, type CaseHaltedV1, type ConsentsCompleteV1 } from '@accord/contracts';
import { Hears } from './hears';
import { KafkaEventContext } from './kafka-event.server';

/** Registers the handlers as KafkaEventServer does, and consumes nothing. */
class InMemoryServer extends Server implements CustomTransportStrategy {
  listen(callback: () => void): void {
    callback();
  }
  close(): void {}
  on(): never {
    throw new Error('no transport events');
  }
  unwrap<T>(): T {
    throw new Error('no client');
  }

  /** As KafkaEventServer calls a handler: the payload, the context, then whatever it returned. */
  async deliver(type: string, payload: object, context: KafkaEventContext): Promise<void> {
    const handler = this.getHandlerByPattern(type);
    if (!handler) throw new Error(`no handler for ${type}`);
    await lastValueFrom(this.transformToObservable(await handler(payload, context)), {
      defaultValue: undefined,
    });
  }
}

const heard: { handler: string; event: unknown; context: unknown }[] = [];

@Controller()
class ListeningController {
  @Hears(ConsentsComplete)
  async onConsentsComplete(event: ConsentsCompleteV1, context: KafkaEventContext): Promise<void> {
    heard.push({ handler: 'one', event, context });
  }

  @Hears(CaseHalted, ConsentsComplete)
  async onEither(event: CaseHaltedV1 | ConsentsCompleteV1, context: KafkaEventContext): Promise<void> {
    heard.push({ handler: 'either', event, context });
  }
}

@Module({ controllers: [ListeningController] })
class ListeningModule {}

const contextFor = (type: string) =>
  new KafkaEventContext(
    {
      id: 'e-1',
      type,
      source: '/accord/consent',
      subject: 'c-1',
      time: '2026-11-25T10:00:00.000Z',
      data: {},
    },
    'accord.consent.events',
    0,
    '1',
    {},
    1,
    'accord.test',
  );

describe('Hears', () => {
  const server = new InMemoryServer();

  beforeAll(async () => {
    const app = await NestFactory.createMicroservice<MicroserviceOptions>(ListeningModule, {
      strategy: server,
      logger: false,
    });
    await app.init();
  });

  beforeEach(() => heard.splice(0));

  it('routes each contract it names to the method, with the payload first and the context second', async () => {
    const context = contextFor(CaseHalted.type);
    const event = { caseId: 'c-1' };
    await server.deliver(CaseHalted.type, event, context);
    expect(heard).toEqual([{ handler: 'either', event, context }]);
  });

  it('gives an event every method that hears it', async () => {
    const context = contextFor(ConsentsComplete.type);
    await server.deliver(ConsentsComplete.type, { caseId: 'c-1' }, context);
    expect(heard.map(({ handler }) => handler).sort()).toEqual(['either', 'one']);
  });
});
