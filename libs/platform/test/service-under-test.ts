import { randomUUID } from 'node:crypto';
import type { DestinationStream } from 'pino';
import { topics, type ServiceName } from '@accord/contracts';
import { EVENT_STORE, type EventStore } from '@accord/event-store';
import { encodeCloudEvent, KafkaConnection, recordingLogger } from '@accord/messaging';
import { freePort, testToken } from '@accord/testing';
import type { Principal } from '../src/auth/principal';
import { serviceConfig, startService, type RunningService, type ServiceDefinition } from '../src/bootstrap';
import type { ServiceConfig } from '../src/config/service-config';
import { createLogger } from '../src/logging/logger';

/** A reply over HTTP: status and parsed body (the text when it is not JSON), whatever the status. */
export interface Reply<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

export interface CallOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** JSON over HTTP to `baseUrl`. */
export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    // Not JSON: keep the text, the assertion will show it.
  }
  return { status: response.status, body: body as T };
}

/**
 * A bearer token the services under test accept (a fresh user of `agency` unless `sub` is given):
 * from the development OpenID Provider, through testToken (@accord/testing).
 */
export function tokenFor(principal: Partial<Principal> & Pick<Principal, 'agency'>): Promise<string> {
  return testToken({
    sub: principal.sub ?? `${principal.agency}-user-${randomUUID().slice(0, 8)}`,
    agency: principal.agency,
    roles: principal.roles ?? [],
  });
}

const ensuredTopics = new WeakMap<KafkaConnection, Set<string>>();

/**
 * `source`'s event as its relay would publish it (CloudEvents binary mode, key = case id) on its
 * topic, which is created if missing. Answers the event's id.
 */
export async function publishEvent(
  kafka: KafkaConnection,
  source: ServiceName,
  type: string,
  caseId: string,
  data: object,
  id: string = randomUUID(),
): Promise<string> {
  const topic = topics.events(source);
  const ensured = ensuredTopics.get(kafka) ?? new Set<string>();
  ensuredTopics.set(kafka, ensured);
  if (!ensured.has(topic)) {
    await kafka.ensureTopics([topic]);
    ensured.add(topic);
  }
  const record = encodeCloudEvent({
    id,
    type,
    source: `/accord/${source}`,
    subject: caseId,
    time: new Date().toISOString(),
    data,
  });
  const producer = await kafka.producer();
  await producer.send({ topic, acks: -1, messages: [record] });
  return id;
}

export interface ServiceUnderTest<Config extends ServiceConfig = ServiceConfig> {
  readonly running: RunningService<Config>;
  readonly url: string;
  readonly store: EventStore;
  /** A connection to the test broker, for what a spec reads or sends itself. */
  readonly kafka: KafkaConnection;
  /** JSON over HTTP to the service. */
  call<T = Record<string, unknown>>(method: string, path: string, options?: CallOptions): Promise<Reply<T>>;
  /** JSON over HTTP to the service, as `principal` (with a token from tokenFor). */
  callAs<T = Record<string, unknown>>(
    principal: Partial<Principal> & Pick<Principal, 'agency'>,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Reply<T>>;
  /**
   * `source`'s event as its relay would publish it (CloudEvents binary mode, key = case id) on its
   * topic, which is created if missing. Answers the event's id.
   */
  publish(source: ServiceName, type: string, caseId: string, data: object, id?: string): Promise<string>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Settings beyond the test environment's (PORT and HOST are chosen here). */
  readonly env?: Readonly<Record<string, string>>;
  readonly logLevel?: string;
  readonly logDestination?: DestinationStream;
}

/**
 * Starts `definition` in-process on a free port with the test environment's settings (jest.int's
 * global set-up provides them), as the service runs in production; its own module may be a test's.
 */
export async function startOnFreePort<Config extends ServiceConfig = ServiceConfig>(
  definition: ServiceDefinition<Config>,
  options: StartOptions = {},
): Promise<RunningService<Config>> {
  const config = serviceConfig(definition, {
    ...process.env,
    ...options.env,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
  });
  return startService(
    definition,
    config,
    createLogger(definition.name, options.logLevel ?? 'silent', options.logDestination),
  );
}

/**
 * Starts `definition` in-process on a free port against the test PostgreSQL and Kafka (jest.int's
 * global set-up provides them), as the service runs in production.
 */
export async function startServiceUnderTest<Config extends ServiceConfig = ServiceConfig>(
  definition: ServiceDefinition<Config>,
  options: StartOptions = {},
): Promise<ServiceUnderTest<Config>> {
  const running = await startOnFreePort(definition, options);
  const kafka = new KafkaConnection({
    clientId: `${definition.name}-int-test`,
    brokers: (process.env['KAFKA_BROKERS'] ?? '').split(','),
    logger: recordingLogger(),
  });
  return {
    running,
    url: running.url,
    store: running.app.get<EventStore>(EVENT_STORE),
    kafka,
    call: (method, path, callOptions) => call(running.url, method, path, callOptions),
    callAs: async (principal, method, path, body) =>
      call(running.url, method, path, { token: await tokenFor(principal), body }),
    publish: (source, type, caseId, data, id) => publishEvent(kafka, source, type, caseId, data, id),
    async close() {
      await running.app.close();
      await kafka.close();
    },
  };
}
