import 'reflect-metadata';
import { Module, type INestApplication, type Type } from '@nestjs/common';
import { HttpAdapterHost, ModulesContainer, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { consumerGroup, SERVICES, serviceDeclaration, topics, type ServiceName } from '@accord/contracts';
import { EVENT_STORE, StoredKeysMismatch, type EventStore } from '@accord/event-store';
import { consumerLag, KafkaConnection, KafkaEventServer, withTimeout } from '@accord/messaging';
import { ConfigError, loadConfig } from './config/config';
import { kafkaBrokerList, ServiceConfig } from './config/service-config';
import { refuseForeignKeys } from './config/stored-keys';
import { createValidationPipe, HttpErrorFilter } from './http/errors';
import { MAX_BODY_BYTES, refuseDeepJson, refuseUnreadableBodies } from './http/request-body';
import { createLogger, PinoNestLogger } from './logging/logger';
import { startTracing, type StopTracing } from './tracing/tracing';
import { HeardPositions } from './consistency/heard-positions';
import { Metrics } from './metrics/metrics';
import { defaultApiInfo, openApiDocument } from './openapi/openapi-document';
import { PlatformModule, type PlatformOptions } from './platform.module';

/** How a service runs; what it is (port, topics, routes, sealer…) is its entry in the service manifest. */
export interface ServiceDefinition<C extends ServiceConfig = ServiceConfig>
  extends Omit<PlatformOptions, 'service' | 'sealer'> {
  readonly name: ServiceName;
  /** The service's own feature module (controllers, handlers, projections). */
  readonly module: Type<unknown>;
  /** A subclass of ServiceConfig when the service reads more variables. */
  readonly config?: new () => C;
}

export interface RunningService<C extends ServiceConfig = ServiceConfig> {
  readonly app: INestApplication;
  readonly config: C;
  readonly logger: Logger;
  readonly url: string;
  /** Sends the spans still queued and stops tracing (nothing to do when tracing is off). */
  readonly stopTracing: StopTracing;
}

/**
 * Reads the service's config from `env`; the service name is fixed, the port defaults per service.
 * A service that runs the sealer needs SEAL_SIGNING_KEY, as every service needs the master key:
 * unsigned checkpoints would let a recomputed seal pass for the real one.
 */
export function serviceConfig<C extends ServiceConfig>(
  definition: ServiceDefinition<C>,
  env: NodeJS.ProcessEnv = process.env,
): C {
  const schema = (definition.config ?? ServiceConfig) as new () => C;
  const missing =
    serviceDeclaration(definition.name).sealer === true && !env['SEAL_SIGNING_KEY']?.trim()
      ? [
          `SEAL_SIGNING_KEY: must be set where the sealer runs (${definition.name}), to sign seal checkpoints: an Ed25519 private key, e.g. \`openssl genpkey -algorithm ed25519 -outform DER | base64\` (it is not set)`,
        ]
      : [];
  let config: C;
  try {
    config = loadConfig(schema, {
      PORT: String(SERVICES[definition.name].port),
      ...env,
      SERVICE_NAME: definition.name,
    });
  } catch (error) {
    if (error instanceof ConfigError && missing.length > 0)
      throw new ConfigError([...error.problems, ...missing]);
    throw error;
  }
  if (missing.length > 0) throw new ConfigError(missing);
  return config;
}

/** The service's feature module under the platform module: what startService runs. */
function serviceRootModule<C extends ServiceConfig>(
  definition: ServiceDefinition<C>,
  config: C,
  logger: Logger,
  kafka: KafkaConnection,
): Type<unknown> {
  const { name, module: _module, config: _config, ...platform } = definition;
  @Module({
    imports: [
      PlatformModule.forService(
        { ...platform, service: name, sealer: serviceDeclaration(name).sealer === true },
        config,
        logger,
        kafka,
      ),
      definition.module,
    ],
  })
  class ServiceRootModule {}
  return ServiceRootModule;
}

/**
 * The service's OpenAPI document without running it: Nest's preview mode builds the module graph
 * but constructs nothing, so no connection is opened (`npm run openapi`). The configuration is
 * never read in preview; it only has to exist.
 */
export async function serviceOpenApiDocument<C extends ServiceConfig>(
  definition: ServiceDefinition<C>,
): Promise<OpenAPIObject> {
  const config = Object.assign(new (definition.config ?? ServiceConfig)(), {
    SERVICE_NAME: definition.name,
    DATABASE_URL: 'postgres://preview@127.0.0.1:1/preview',
    KAFKA_BROKERS: '127.0.0.1:1',
    AUTH_PLATFORM_ISSUER: 'https://preview.invalid',
    EVENT_STORE_MASTER_KEY: Buffer.alloc(32).toString('base64'),
  }) as C;
  const logger = createLogger(definition.name, 'silent');
  const kafka = new KafkaConnection({ clientId: 'openapi', brokers: ['127.0.0.1:1'], logger });
  const app = await NestFactory.create<NestExpressApplication>(
    serviceRootModule(definition, config, logger, kafka),
    { preview: true, logger: false },
  );
  try {
    return openApiDocument(
      { modules: app.get(ModulesContainer), adapterHost: app.get(HttpAdapterHost) },
      definition.api ?? defaultApiInfo(definition.name),
      definition.eventStore !== 'none',
    );
  } finally {
    await app.close();
  }
}

/**
 * Builds and starts one service as a hybrid Nest app: HTTP for commands and queries, a Kafka
 * consumer for the events it reacts to. Start-up never waits for Kafka to be up: /health says what
 * is missing while the service keeps trying. PostgreSQL must answer: the stored data's keys are
 * checked against the configured ones first (StoredKeysMismatch), then the event store migrates.
 */
export async function startService<C extends ServiceConfig>(
  definition: ServiceDefinition<C>,
  config: C,
  logger: Logger = createLogger(definition.name, config.LOG_LEVEL),
): Promise<RunningService<C>> {
  if (definition.eventStore !== 'none')
    await refuseForeignKeys(config, serviceDeclaration(definition.name).sealer === true);
  const stopTracing: StopTracing = config.OTEL_EXPORTER_OTLP_ENDPOINT
    ? startTracing(definition.name, config.OTEL_EXPORTER_OTLP_ENDPOINT)
    : async () => undefined;
  const kafka = new KafkaConnection({
    clientId: `accord-${definition.name}`,
    brokers: kafkaBrokerList(config),
    logger: logger.child({ component: 'kafka' }),
  });

  const app = await NestFactory.create<NestExpressApplication>(
    serviceRootModule(definition, config, logger, kafka),
    { logger: new PinoNestLogger(logger), bufferLogs: true },
  );
  app.disable('x-powered-by');
  // Size and nesting are bounded before a body is parsed; Nest adds no parser of its own after these.
  app.useBodyParser<Record<string, unknown>>('json', { limit: MAX_BODY_BYTES, verify: refuseDeepJson });
  app.useBodyParser<Record<string, unknown>>('urlencoded', { limit: MAX_BODY_BYTES, extended: true });
  app.use(refuseUnreadableBodies);
  app.useGlobalPipes(createValidationPipe());
  // One filter for both sides of the hybrid app: on the Kafka side it passes errors on to retry/DLQ handling.
  app.useGlobalFilters(new HttpErrorFilter());
  const consumed = SERVICES[definition.name].hears.map((service) => topics.events(service));
  if (consumed.length > 0) {
    app.get(Metrics).lagSource = () =>
      withTimeout(
        consumerLag(kafka, consumerGroup(definition.name), consumed),
        config.HEALTH_TIMEOUT_MS,
        'lag read timed out',
      );
  }
  const heard = consumed.length > 0 && definition.readModels ? app.get(HeardPositions) : undefined;
  // Personal fields arrive encrypted (the relay publishes them as stored); the store's keys reveal them.
  const store = definition.eventStore === 'none' ? undefined : app.get<EventStore>(EVENT_STORE);
  app.connectMicroservice(
    {
      strategy: new KafkaEventServer({
        connection: kafka,
        groupId: consumerGroup(definition.name),
        topics: consumed,
        retryTopic: topics.retry(definition.name),
        deadLetterTopic: topics.dlq(definition.name),
        logger: logger.child({ component: 'consumer' }),
        metrics: app.get(Metrics).messaging,
        ...(heard ? { settled: (message) => heard.record(message) } : {}),
        ...(store
          ? { revealPersonalData: (eventId, data) => store.revealPersonalData([{ eventId, data }]) }
          : {}),
      }),
    },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.listen(config.PORT, config.HOST);
  const url = `http://127.0.0.1:${config.PORT}`;
  logger.info({ port: config.PORT }, `${definition.name} listening on ${url}`);
  return { app, config, logger, url, stopTracing };
}

/**
 * The entry point of every service's main.ts: validated config (a bad variable stops the process
 * with a message naming it), JSON logs, graceful shutdown on SIGTERM/SIGINT within
 * SHUTDOWN_TIMEOUT_MS (stop consuming, finish in-flight work, close connections).
 */
export async function runService<C extends ServiceConfig>(definition: ServiceDefinition<C>): Promise<void> {
  let config: C;
  try {
    config = serviceConfig(definition);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.name}: cannot start. ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

  let running: RunningService<C>;
  try {
    running = await startService(definition, config, logger);
  } catch (error) {
    if (error instanceof StoredKeysMismatch) {
      // Healthy on the wrong secrets would mean 500s on older cases and a broken verification.
      process.stderr.write(
        `${definition.name}: cannot start. The stored data was written with keys it does not hold:\n${error.problems.map((problem) => `  - ${problem}\n`).join('')}`,
      );
    }
    logger.fatal({ err: error }, 'start-up failed');
    logger.flush();
    process.exit(1);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new work, finishing what is in flight');
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown took too long; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    deadline.unref();
    running.app
      .close()
      .then(() => running.stopTracing())
      .then(() => {
        logger.info('stopped');
        logger.flush();
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
