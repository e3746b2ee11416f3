import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Consumer, EachMessagePayload, IHeaders } from 'kafkajs';
import type { KafkaConnection, MessagingLogger } from './kafka-connection';

export interface KafkaEventServerOptions {
  readonly connection: KafkaConnection;
  readonly groupId: string;
  /** Topics this service consumes; provisioned if missing. */
  readonly topics: readonly string[];
  readonly logger: MessagingLogger;
  /** Wait between attempts to (re)connect while the broker is unreachable (ms). */
  readonly reconnectDelayMs?: number;
}

/** What a handler gets besides the payload: where the message came from and its headers. */
export class KafkaEventContext {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: string,
    readonly key: string | null,
    readonly headers: Readonly<Record<string, string>>,
  ) {}
}

export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) decoded[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return decoded;
}

/**
 * The Kafka side of each hybrid Nest app: a custom transport (beside Nest's own, see
 * docs/adr/0001) that routes each message to the `@EventPattern` handler of its CloudEvents type
 * (`ce_type` header). It never blocks start-up: while the broker is unreachable it keeps trying
 * in the background, so the HTTP side (and /health) stays up and reports Kafka as down.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  private consumer: Consumer | undefined;
  private closed = false;
  private running: Promise<void> | undefined;
  /** Wakes the run loop when the server closes, so it stops waiting for a crash. */
  private wake: (() => void) | undefined;

  constructor(private readonly options: KafkaEventServerOptions) {
    super();
  }

  listen(callback: () => void): void {
    if (this.getHandlers().size > 0 && this.options.topics.length > 0) {
      this.running = this.runUntilClosed();
    } else {
      this.options.logger.info(
        { groupId: this.options.groupId },
        'no event handlers registered: not consuming',
      );
    }
    callback();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    // kafkajs' disconnect waits for in-flight eachMessage calls, then leaves the group.
    await this.consumer?.disconnect().catch(() => undefined);
    await this.running;
  }

  on(): never {
    throw new Error('KafkaEventServer does not expose transport events');
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('the Kafka consumer is not connected yet');
    return this.consumer as T;
  }

  private async runUntilClosed(): Promise<void> {
    const { connection, groupId, topics, logger } = this.options;
    const delay = this.options.reconnectDelayMs ?? 2_000;
    while (!this.closed) {
      const consumer = connection.kafka.consumer({ groupId, retry: { retries: 5 } });
      try {
        const stoppedOrCrashed = new Promise<void>((resolve) => {
          this.wake = resolve;
          consumer.on(consumer.events.CRASH, ({ payload }) => {
            if (!payload.restart) resolve();
          });
        });
        this.consumer = consumer;
        await connection.ensureTopics(topics);
        await consumer.connect();
        await consumer.subscribe({ topics: [...topics], fromBeginning: true });
        await consumer.run({
          partitionsConsumedConcurrently: 4,
          eachMessage: (payload) => this.dispatch(payload),
        });
        logger.info({ groupId, topics }, 'consuming');
        // kafkajs restarts itself after retriable failures; only a final crash brings us back here.
        await stoppedOrCrashed;
        if (!this.closed) logger.warn({ groupId }, 'consumer stopped after a crash; reconnecting');
      } catch (error) {
        if (this.closed) break;
        logger.warn({ groupId, err: error }, 'cannot consume yet (Kafka unreachable?); retrying');
      }
      await consumer.disconnect().catch(() => undefined);
      if (!this.closed) await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  private async dispatch({ topic, partition, message }: EachMessagePayload): Promise<void> {
    const headers = decodeHeaders(message.headers);
    const type = headers['ce_type'];
    const handler = type ? this.getHandlerByPattern(type) : null;
    if (!handler) return;
    const context = new KafkaEventContext(
      topic,
      partition,
      message.offset,
      message.key?.toString('utf8') ?? null,
      headers,
    );
    let payload: unknown;
    try {
      payload = JSON.parse(message.value?.toString('utf8') ?? 'null');
    } catch (error) {
      this.options.logger.error(
        { topic, partition, offset: message.offset, type, err: error },
        'message is not JSON; skipped',
      );
      return;
    }
    await handler(payload, context);
  }
}
