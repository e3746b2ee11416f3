import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Consumer, EachMessagePayload, IHeaders, KafkaMessage } from 'kafkajs';
import { lastValueFrom, throwError, type Observable } from 'rxjs';
import {
  checkContract,
  integrationEvent,
  uuidV5,
  withoutVersion,
  type ContractViolation,
} from '@accord/contracts';
import {
  clip,
  DEFAULT_RETRY_POLICY,
  FAILURE_HEADER,
  type DeadLetterReason,
  type RetryPolicy,
} from './dead-letter';
import { ENVELOPE_MARKER } from '@accord/event-store';
import { decodeCloudEvent, decodeHeaders, EnvelopeError, HEADER, type CloudEvent } from './envelope';
import type { KafkaConnection, MessagingLogger } from './kafka-connection';
import { noMetrics, type MessagingMetrics } from './metrics';
import { withLogContext } from './log-context';
import { SpanKind, startSpan } from './tracing';

export { decodeHeaders } from './envelope';

export interface KafkaEventServerOptions {
  readonly connection: KafkaConnection;
  readonly groupId: string;
  /** Topics this service consumes (other services' event topics); provisioned if missing. */
  readonly topics: readonly string[];
  /** This service's own retry topic (consumed too) and dead-letter topic. */
  readonly retryTopic: string;
  readonly deadLetterTopic: string;
  readonly logger: MessagingLogger;
  readonly retryPolicy?: RetryPolicy;
  readonly metrics?: MessagingMetrics;
  /** Wait between attempts to (re)connect while the broker is unreachable (ms). */
  readonly reconnectDelayMs?: number;
  /** Partitions handled at once; order within a partition (so per case) is always kept. */
  readonly partitionsConsumedConcurrently?: number;
  /**
   * Runs once a message is done with here — handled, skipped as a type nobody here handles, or
   * dead-lettered; not while it waits in the retry topic — for messages that say where they sit in
   * the log (`accordposition`). The platform records them as heard (consistency tokens).
   */
  readonly settled?: (message: SettledMessage) => Promise<void>;
  /**
   * Decrypts, in place, the personal fields an event carries encrypted (the relay publishes them
   * as stored, so an erasure shreds what sits on the topics too), before its contract is checked
   * and its handler runs. Failing to (the database unreachable) is retried like a failing handler.
   */
  readonly revealPersonalData?: (eventId: string, data: object) => Promise<void>;
}

/** A message this consumer is done with, and where its event sits in the log. */
export interface SettledMessage {
  /** `ce_source`: `/accord/<service>`. */
  readonly source: string;
  /** `ce_subject`: the case id. */
  readonly subject: string;
  /** `accordposition`: the event's global position. */
  readonly position: string;
}

/** What a handler gets besides the payload. */
export class KafkaEventContext {
  constructor(
    readonly event: CloudEvent,
    readonly topic: string,
    readonly partition: number,
    readonly offset: string,
    readonly headers: Readonly<Record<string, string>>,
    /** 1 for the first delivery, 2 for the first redelivery through the retry topic, … */
    readonly delivery: number,
    /** The consumer group (one per service) handling the message. */
    readonly consumer: string,
  ) {}

  get key(): string {
    return this.event.subject;
  }

  /**
   * The id of the `index`th event `handler` appends in reaction to this message: the same on every
   * redelivery, so appending it again is a no-op in the event store.
   */
  derivedEventId(handler: string, index = 0): string {
    // Event ids are unique across the whole store: two services reacting to the same message with
    // handlers of the same name must not derive the same id, so the consumer is part of the name.
    return uuidV5(`${this.consumer}/${this.event.id}/${handler}/${index}`);
  }
}

/**
 * Nest's RPC exception filter replaces a handler's error with a generic one; this one passes the
 * original on, so retries and the dead-letter queue record what really failed.
 */
@Catch()
export class RethrowRpcErrors implements RpcExceptionFilter<unknown> {
  catch(error: unknown): Observable<never> {
    return throwError(() => error);
  }
}

type Route =
  | { readonly kind: 'ignore' }
  | {
      readonly kind: 'dead-letter';
      readonly reason: DeadLetterReason;
      readonly error: string;
      readonly violations?: readonly ContractViolation[];
    }
  | { readonly kind: 'handle'; readonly event: CloudEvent; readonly payload: unknown }
  /** Carries encrypted personal fields: revealed with `reveal`, then checked (see `checked`). */
  | {
      readonly kind: 'sealed';
      readonly event: CloudEvent;
      readonly reveal: NonNullable<KafkaEventServerOptions['revealPersonalData']>;
    };

/** A message being dispatched: what a failure sends on to the retry or dead-letter topic. */
interface Consumed {
  readonly message: KafkaMessage;
  readonly headers: Record<string, string>;
  /** Where it was first consumed (a retry's original topic, partition and offset). */
  readonly origin: { readonly topic: string; readonly partition: string; readonly offset: string };
  /** 1 for the first delivery; a retry counts on from the attempts its headers record. */
  readonly delivery: number;
}

class Failure extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How fast a dead member's partitions move: a SIGKILLed consumer says nothing, so the group notices
 * only when its session times out (the broker's minimum is 6 s). kafkajs heartbeats between fetches
 * and every 2 s inside a long handler, so fetches wait at most 1 s for data and heartbeats go every
 * second. A consumer that shuts down in order leaves the group at once (`close()` → disconnect).
 */
export const GROUP_MEMBERSHIP = {
  sessionTimeout: 8_000,
  heartbeatInterval: 1_000,
  maxWaitTimeInMs: 1_000,
} as const;

/**
 * The Kafka side of each hybrid Nest app (a custom transport beside Nest's own; see
 * docs/adr/0001 and 0003). For each message it:
 *  1. decodes the CloudEvents envelope — a malformed one goes to the dead-letter topic;
 *  2. routes by `ce_type` to the `@EventPattern` handler (types nobody here handles are skipped; a
 *     version we do not handle of an event we do handle is dead-lettered);
 *  3. validates the payload against its contract (libs/contracts) — violations are dead-lettered
 *     with every field's problem;
 *  4. runs the handler, retrying inline with backoff, then through the service's retry topic with
 *     growing delays, then parks it in the dead-letter topic with error, stack, attempts and the
 *     original headers. The partition always moves on.
 * Start-up never waits for the broker: while it is unreachable the server keeps trying in the
 * background, and /health reports Kafka as down.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  private consumer: Consumer | undefined;
  private closed = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly policy: RetryPolicy;
  private readonly metrics: MessagingMetrics;

  constructor(private readonly options: KafkaEventServerOptions) {
    super();
    this.policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.metrics = options.metrics ?? noMetrics;
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
    const { connection, groupId, logger } = this.options;
    const topics = [...this.options.topics, this.options.retryTopic];
    const delay = this.options.reconnectDelayMs ?? 2_000;
    while (!this.closed) {
      const consumer = connection.kafka.consumer({
        groupId,
        retry: { retries: 5 },
        ...GROUP_MEMBERSHIP,
      });
      try {
        const stoppedOrCrashed = new Promise<void>((resolve) => {
          this.wake = resolve;
          consumer.on(consumer.events.CRASH, ({ payload }) => {
            if (!payload.restart) resolve();
          });
        });
        this.consumer = consumer;
        // Each (re)join hands this replica its share of the partitions; replicas coming and going move it.
        consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
          for (const topic of topics)
            this.metrics.assignedPartitions(topic, payload.memberAssignment[topic]?.length ?? 0);
        });
        await connection.ensureTopics([...topics, this.options.deadLetterTopic]);
        await consumer.connect();
        await consumer.subscribe({ topics, fromBeginning: true });
        await consumer.run({
          partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 4,
          eachMessage: (payload) => this.consume(payload),
        });
        logger.info({ groupId, topics }, 'consuming');
        // kafkajs restarts itself after retriable failures; only a final crash or close() gets here.
        await stoppedOrCrashed;
        if (!this.closed) logger.warn({ groupId }, 'consumer stopped after a crash; reconnecting');
      } catch (error) {
        if (this.closed) break;
        logger.warn({ groupId, err: error }, 'cannot consume yet (Kafka unreachable?); retrying');
      }
      await consumer.disconnect().catch(() => undefined);
      for (const topic of topics) this.metrics.assignedPartitions(topic, 0);
      if (!this.closed) await sleep(delay);
    }
  }

  private route(headers: Record<string, string>, message: KafkaMessage): Route {
    let event: CloudEvent;
    try {
      event = decodeCloudEvent(headers, message.value);
    } catch (error) {
      if (error instanceof EnvelopeError)
        return { kind: 'dead-letter', reason: 'invalid-envelope', error: error.message };
      throw error;
    }
    if (!this.getHandlerByPattern(event.type)) {
      const family = withoutVersion(event.type);
      const handlesAnotherVersion = [...this.getHandlers().keys()].some(
        (pattern) => withoutVersion(pattern) === family,
      );
      return handlesAnotherVersion
        ? {
            kind: 'dead-letter',
            reason: 'unsupported-version',
            error: `no handler for ${event.type}; this service handles other versions of ${family}`,
          }
        : { kind: 'ignore' };
    }
    // The message's own JSON text says whether it carries envelopes: no second serialisation.
    if (
      this.options.revealPersonalData &&
      event.data !== null &&
      typeof event.data === 'object' &&
      message.value?.includes(ENVELOPE_MARKER)
    )
      return { kind: 'sealed', event, reveal: this.options.revealPersonalData };
    return this.checked(event);
  }

  /** The event against its contract (if the published language has one). */
  private checked(event: CloudEvent): Extract<Route, { kind: 'handle' | 'dead-letter' }> {
    const contract = integrationEvent(event.type);
    if (!contract) return { kind: 'handle', event, payload: event.data };
    const check = checkContract(contract, event.data);
    return check.valid
      ? { kind: 'handle', event, payload: check.value }
      : {
          kind: 'dead-letter',
          reason: 'contract-violation',
          error: `payload breaks the ${event.type} contract: ${check.violations.map((v) => `${v.field}: ${v.problems.join(', ')}`).join('; ')}`,
          violations: check.violations,
        };
  }

  private async consume(payload: EachMessagePayload): Promise<void> {
    const headers = decodeHeaders(payload.message.headers);
    // The consume span is a child of the relay's publish span; what the handler does is its child.
    const step = startSpan(`consume ${payload.topic}`, SpanKind.CONSUMER, headers[HEADER.traceparent], {
      'messaging.system': 'kafka',
      'messaging.destination.name': payload.topic,
      'messaging.consumer.group.name': this.options.groupId,
      'messaging.kafka.offset': Number(payload.message.offset),
      'cloudevents.event_type': headers[HEADER.type] ?? '',
    });
    if (step.traceparent) headers[HEADER.traceparent] = step.traceparent;
    // What the handler logs carries the event's correlation id and trace id, as a request's lines do.
    const correlationId = headers[HEADER.correlationId] ?? headers[HEADER.id] ?? '';
    const logContext = step.traceparent
      ? { correlationId, traceparent: step.traceparent }
      : { correlationId };
    try {
      await withLogContext(logContext, async () => {
        if (await this.dispatch(payload, headers)) await this.settle(headers);
      });
      step.end();
    } catch (error) {
      step.end({ error });
      throw error;
    }
  }

  private async settle(headers: Record<string, string>): Promise<void> {
    const source = headers[HEADER.source];
    const subject = headers[HEADER.subject];
    const position = headers[HEADER.position];
    if (this.options.settled && source && subject && position)
      await this.options.settled({ source, subject, position });
  }

  /** Handles, skips or parks the message: true when done with it, false when it went to the retry topic. */
  private async dispatch(
    { topic, partition, message, heartbeat }: EachMessagePayload,
    headers: Record<string, string>,
  ): Promise<boolean> {
    const isRetry = topic === this.options.retryTopic;
    const delivery = isRetry ? Number(headers[FAILURE_HEADER.attempts] ?? '1') + 1 : 1;
    const origin = {
      topic: isRetry ? (headers[FAILURE_HEADER.originalTopic] ?? topic) : topic,
      partition: isRetry
        ? (headers[FAILURE_HEADER.originalPartition] ?? String(partition))
        : String(partition),
      offset: isRetry ? (headers[FAILURE_HEADER.originalOffset] ?? message.offset) : message.offset,
    };
    const consumed: Consumed = { message, headers, origin, delivery };
    if (isRetry) await this.waitUntil(Number(headers[FAILURE_HEADER.retryAt] ?? 0), heartbeat);

    let route = this.route(headers, message);
    const type = headers['ce_type'] ?? '(none)';
    if (route.kind === 'sealed') {
      const { event, reveal } = route;
      try {
        await reveal(event.id, event.data as object);
      } catch (error) {
        return this.failed(consumed, error);
      }
      route = this.checked(event);
    }
    if (route.kind === 'ignore') {
      this.metrics.consumed(topic, type, 'ignored');
      return true;
    }
    if (route.kind === 'dead-letter') {
      await this.park(consumed, route.reason, route.error, undefined, route.violations);
      return true;
    }
    try {
      await this.handleWithInlineRetries(
        route,
        new KafkaEventContext(
          route.event,
          origin.topic,
          Number(origin.partition),
          origin.offset,
          headers,
          delivery,
          this.options.groupId,
        ),
        heartbeat,
      );
      this.metrics.consumed(topic, type, 'handled');
      return true;
    } catch (failure) {
      return this.failed(consumed, failure);
    }
  }

  /** Handling failed after its inline attempts: to the retry topic (false), or parked once retries ran out. */
  private async failed(consumed: Consumed, failure: unknown): Promise<boolean> {
    const cause = failure instanceof Failure ? failure.cause : failure;
    const error = cause instanceof Error ? cause : new Error(String(cause));
    const delay = this.policy.retryDelaysMs[consumed.delivery - 1];
    if (delay === undefined) {
      await this.park(consumed, 'handler-failed', error.message, error.stack);
      return true;
    }
    await this.sendToRetry(consumed, error, delay);
    return false;
  }

  private async handleWithInlineRetries(
    route: Extract<Route, { kind: 'handle' }>,
    context: KafkaEventContext,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const handler = this.getHandlerByPattern(route.event.type);
    if (!handler) throw new Error(`no handler for ${route.event.type}`);
    // Long handlers must not cost the consumer its group membership.
    const beat = setInterval(() => void heartbeat().catch(() => undefined), 2_000);
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await handler(route.payload, context);
          await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
          return;
        } catch (error) {
          if (attempt >= this.policy.inlineAttempts || this.closed) throw new Failure(error);
          this.options.logger.warn(
            { type: route.event.type, eventId: route.event.id, attempt, err: error },
            'handler failed; trying again',
          );
          await sleep(this.policy.inlineBackoffMs * 2 ** (attempt - 1));
        }
      }
    } finally {
      clearInterval(beat);
    }
  }

  private async waitUntil(instant: number, heartbeat: () => Promise<void>): Promise<void> {
    while (!this.closed && Date.now() < instant) {
      await sleep(Math.min(1_000, instant - Date.now()));
      await heartbeat().catch(() => undefined);
    }
  }

  private failureHeaders({ headers, origin, delivery }: Consumed, error: string): IHeaders {
    return {
      ...headers,
      [FAILURE_HEADER.consumer]: this.options.groupId,
      [FAILURE_HEADER.originalTopic]: origin.topic,
      [FAILURE_HEADER.originalPartition]: origin.partition,
      [FAILURE_HEADER.originalOffset]: origin.offset,
      [FAILURE_HEADER.attempts]: String(delivery),
      [FAILURE_HEADER.error]: clip(error, 1_000),
      [FAILURE_HEADER.failedAt]: new Date().toISOString(),
    };
  }

  /** Sends the consumed message's key and value on to `topic` (retry or dead letters) with `headers`. */
  private async forward(topic: string, { message }: Consumed, headers: IHeaders): Promise<void> {
    const producer = await this.options.connection.producer();
    await producer.send({ topic, acks: -1, messages: [{ key: message.key, value: message.value, headers }] });
  }

  private async sendToRetry(consumed: Consumed, error: Error, delayMs: number): Promise<void> {
    const { headers, origin, delivery } = consumed;
    await this.forward(this.options.retryTopic, consumed, {
      ...this.failureHeaders(consumed, error.message),
      [FAILURE_HEADER.retryAt]: String(Date.now() + delayMs),
    });
    this.metrics.consumed(origin.topic, headers['ce_type'] ?? '(none)', 'retried');
    this.options.logger.warn(
      { type: headers['ce_type'], eventId: headers['ce_id'], delivery, delayMs, err: error },
      'handler failed; redelivering through the retry topic',
    );
  }

  private async park(
    consumed: Consumed,
    reason: DeadLetterReason,
    error: string,
    stack?: string,
    violations?: readonly ContractViolation[],
  ): Promise<void> {
    const { headers, origin, delivery } = consumed;
    const failure: IHeaders = { ...this.failureHeaders(consumed, error), [FAILURE_HEADER.reason]: reason };
    if (stack) failure[FAILURE_HEADER.stack] = clip(stack);
    if (violations) failure[FAILURE_HEADER.violations] = clip(JSON.stringify(violations));
    await this.forward(this.options.deadLetterTopic, consumed, failure);
    this.metrics.consumed(origin.topic, headers['ce_type'] ?? '(none)', 'dead-lettered');
    this.options.logger.error(
      { reason, type: headers['ce_type'], eventId: headers['ce_id'], origin, delivery, error },
      'message parked in the dead-letter topic',
    );
  }
}
