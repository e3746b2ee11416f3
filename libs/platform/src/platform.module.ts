import {
  Global,
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { allIntegrationEvents, serviceDeclaration, topics, type ServiceName } from '@accord/contracts';
import {
  EVENT_STORE,
  EventStoreModule,
  reportingClient,
  retiredMasterKeysFrom,
  retiredSealPublicKeysFrom,
  resilientPool,
  type EventStore,
  readStoreGauges,
  type PersonalDataRule,
  type Upcaster,
} from '@accord/event-store';
import { EventRelay, KafkaConnection } from '@accord/messaging';
import { AccessLogInterceptor, AccessLogWindows } from './access-log/personal-data-read';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/token-verifier';
import { httpTrustLoader, TrustedIssuers, type TrustLoader } from './auth/trusted-issuers';
import { ServiceConfig } from './config/service-config';
import { ConsistencyInterceptor } from './consistency/consistency.interceptor';
import { HeardPositions, heardPositionsMigration } from './consistency/heard-positions';
import { HealthController } from './health/health.controller';
import { CorrelationMiddleware } from './http/correlation.middleware';
import { SecurityHeadersMiddleware } from './http/security-headers.middleware';
import { HttpMetricsMiddleware, Metrics, MetricsController } from './metrics/metrics';
import { OPENAPI_INFO, OpenApiHttpController } from './openapi/openapi.http.controller';
import { defaultApiInfo, type OpenApiInfo } from './openapi/openapi-document';
import { caseChangesMigration } from './live/case-changes';
import { parkedEventsMigration } from './projections/parked-events';
import { LOGGER, PG_POOL } from './tokens';

/**
 * How long opening one PostgreSQL connection may take (TLS, SCRAM on a busy host). Longer than
 * HEALTH_TIMEOUT_MS on purpose: /health gives up on its own, a query waits for its connection.
 */
const DATABASE_CONNECT_TIMEOUT_MS = 10_000;

/** How a service uses the event store: owns streams (and relays them), reads them, or neither. */
export type EventStoreRole = 'writer' | 'reader' | 'none';

/** A service's read models: TypeORM entities in its own schema, built by migrations. */
export interface ReadModels {
  readonly entities: readonly (new (...args: never[]) => unknown)[];
  readonly migrations: readonly (new (...args: never[]) => unknown)[];
  /**
   * Tables (rows keyed by `case_id`) whose changes are announced, so the console shows them live
   * (see live/case-changes.ts).
   */
  readonly announces?: readonly string[];
}

export interface PlatformOptions {
  readonly service: ServiceName;
  readonly eventStore: EventStoreRole;
  readonly readModels?: ReadModels;
  /** Personal-data rules beyond those the published language declares (internal events). */
  readonly personalData?: readonly PersonalDataRule[];
  readonly upcasters?: readonly Upcaster[];
  /** Run the global sealer here (the audit service does). */
  readonly sealer?: boolean;
  /**
   * Where the service reads the trusted issuers: the agency directory's own service reads its table;
   * every other service asks it over HTTP (INTAKE_URL). See docs/adr (federated identity).
   */
  readonly trustLoader?: (pool: Pool) => TrustLoader;
  /** Title and description of the service's OpenAPI document (`GET /openapi.json`). */
  readonly api?: OpenApiInfo;
}

/** Personal fields of published events, as the event store's encryption rules. */
export function personalDataRules(): PersonalDataRule[] {
  return allIntegrationEvents()
    .filter((event) => (event.personalData ?? []).length > 0)
    .map((event) => ({ type: event.name, personalFields: event.personalData ?? [] }));
}

/** Schema of a service's read models: `follow-up` → `follow_up`. */
export const readModelSchema = (service: ServiceName): string => service.replace(/-/g, '_');

/** Verifies tokens against the agency directory's trusted issuers and the configured platform root. */
export function tokenVerifier(config: ServiceConfig, load?: TrustLoader): TokenVerifier {
  const trust = new TrustedIssuers({
    load: load ?? httpTrustLoader(config.INTAKE_URL, config.HEALTH_TIMEOUT_MS),
    platform: {
      agency: config.AUTH_PLATFORM_AGENCY,
      tier: 'platform',
      issuers: [{ issuer: config.AUTH_PLATFORM_ISSUER, rolesClaim: 'roles' }],
    },
    refreshMs: config.AUTH_DIRECTORY_REFRESH_MS,
    maxStaleMs: Math.max(config.AUTH_DIRECTORY_REFRESH_MS * 10, 300_000),
    minIntervalMs: 200,
  });
  return new TokenVerifier({
    trust,
    audience: config.AUTH_AUDIENCE,
    maxLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME_S,
    clockSkewSeconds: config.AUTH_CLOCK_SKEW_S,
    jwksCacheMs: config.AUTH_JWKS_CACHE_MS,
    jwksCooldownMs: config.AUTH_JWKS_COOLDOWN_MS,
    fetchTimeoutMs: config.HEALTH_TIMEOUT_MS,
  });
}

/**
 * TypeORM settings of a service's read models: its own schema, its migrations and the parked-events
 * table. The service applies pending ones at start-up; `npm run migrate` applies them as the
 * owner role before services run with their own roles.
 */
export function readModelDataSourceOptions(service: ServiceName, readModels: ReadModels, url: string) {
  const schema = readModelSchema(service);
  return {
    type: 'postgres' as const,
    url,
    schema,
    entities: [...readModels.entities],
    migrations: [
      ...readModels.migrations,
      parkedEventsMigration(schema),
      heardPositionsMigration(schema),
      ...(readModels.announces?.length ? [caseChangesMigration(schema, readModels.announces)] : []),
    ],
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    logging: false,
  };
}

/** Closes the shared connections last, after Nest has stopped consumers, relay and HTTP. */
class ConnectionCloser implements OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly kafka: KafkaConnection,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.kafka.close();
    await this.pool.end();
  }
}

/** Starts the outbox relay once the app is up; stops it before connections close. */
class RelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly relay: EventRelay) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

/**
 * What every service has: its validated config, logger, PostgreSQL pool, Kafka connection, event
 * store (and relay, for services that own streams), read models in its own schema, bearer-token
 * verification on every route, /health and /metrics, correlation ids and HTTP metrics.
 */
@Global()
@Module({})
export class PlatformModule implements NestModule {
  static forService(
    options: PlatformOptions,
    config: ServiceConfig,
    logger: Logger,
    kafka: KafkaConnection,
  ): DynamicModule {
    // A connection losing its server (restart, terminated backend) must not crash the process:
    // the loss is logged, the next query reconnects, /health says PostgreSQL is down meanwhile.
    const connectionLost = (error: Error): void =>
      logger.warn({ err: error }, 'PostgreSQL connection lost; the next query reconnects');
    const pool = resilientPool(
      {
        connectionString: config.DATABASE_URL,
        max: 10,
        connectionTimeoutMillis: DATABASE_CONNECT_TIMEOUT_MS,
      },
      connectionLost,
    );
    const metrics = new Metrics(config.SERVICE_NAME);
    const verifier = tokenVerifier(config, options.trustLoader?.(pool));

    const imports: NonNullable<DynamicModule['imports']> = [TerminusModule.forRoot({ logger: false })];
    const providers: NonNullable<DynamicModule['providers']> = [
      { provide: ServiceConfig, useValue: config },
      { provide: LOGGER, useValue: logger },
      { provide: PG_POOL, useValue: pool },
      { provide: KafkaConnection, useValue: kafka },
      { provide: Metrics, useValue: metrics },
      { provide: TokenVerifier, useValue: verifier },
      {
        provide: OPENAPI_INFO,
        useValue: options.api ?? defaultApiInfo(options.service),
      },
      { provide: APP_GUARD, useClass: AuthGuard },
      AccessLogWindows,
      { provide: APP_INTERCEPTOR, useClass: AccessLogInterceptor },
      ConnectionCloser,
      HttpMetricsMiddleware,
      CorrelationMiddleware,
      SecurityHeadersMiddleware,
    ];
    const exported: NonNullable<DynamicModule['exports']> = [
      ServiceConfig,
      LOGGER,
      PG_POOL,
      KafkaConnection,
      Metrics,
      TokenVerifier,
    ];

    if (options.sealer) metrics.watchStore(() => readStoreGauges(pool));
    if (options.eventStore !== 'none') {
      imports.push(
        EventStoreModule.forRoot({
          pool,
          masterKey: config.EVENT_STORE_MASTER_KEY,
          retiredMasterKeys: retiredMasterKeysFrom(config.EVENT_STORE_RETIRED_MASTER_KEYS),
          retiredSealPublicKeys: retiredSealPublicKeysFrom(config.SEAL_RETIRED_PUBLIC_KEYS).map(
            (key) => key.der,
          ),
          // Only the sealing service holds the private key; no other service signs anything.
          ...(options.sealer && config.SEAL_SIGNING_KEY ? { sealSigningKey: config.SEAL_SIGNING_KEY } : {}),
          personalData: [...personalDataRules(), ...(options.personalData ?? [])],
          upcasters: [...(options.upcasters ?? [])],
          ...(config.EVENTSTOREDB_URL ? { kurrentDbUrl: config.EVENTSTOREDB_URL } : {}),
          sealer: options.sealer
            ? { onWarning: (message: string) => logger.warn({ component: 'sealer' }, message) }
            : false,
        }),
      );
    }
    if (options.eventStore === 'writer') {
      providers.push({
        provide: EventRelay,
        useFactory: (store: EventStore) =>
          new EventRelay({
            service: options.service,
            store,
            pool,
            connection: kafka,
            topic: topics.events(options.service),
            logger: logger.child({ component: 'relay' }),
            metrics: metrics.messaging,
          }),
        inject: [EVENT_STORE],
      });
      providers.push({
        provide: RelayLifecycle,
        useFactory: (relay: EventRelay) => new RelayLifecycle(relay),
        inject: [EventRelay],
      });
      exported.push(EventRelay);
    }
    if (options.eventStore !== 'none')
      providers.push({ provide: APP_INTERCEPTOR, useClass: ConsistencyInterceptor });
    if (options.readModels && serviceDeclaration(options.service).hears.length > 0) {
      providers.push({
        provide: HeardPositions,
        useValue: new HeardPositions(pool, readModelSchema(options.service)),
      });
      exported.push(HeardPositions);
    }
    if (options.readModels) {
      const schema = readModelSchema(options.service);
      const readModels = options.readModels;
      imports.push(
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            // TypeORM does not create the schema its migrations table lives in. With its own role a
            // service may not create schemas: `npm run migrate` (the owner role) made it already.
            const exists = await pool.query('select 1 from pg_namespace where nspname = $1', [schema]);
            if (exists.rowCount === 0) await pool.query(`create schema if not exists "${schema}"`);
            return {
              ...readModelDataSourceOptions(options.service, readModels, config.DATABASE_URL),
              migrationsRun: true,
              // A database that is not there yet (or restarting) delays start-up; it never ends the process.
              retryAttempts: Number.MAX_SAFE_INTEGER,
              retryDelay: 2_000,
              extra: {
                max: 5,
                connectionTimeoutMillis: DATABASE_CONNECT_TIMEOUT_MS,
                Client: reportingClient(connectionLost),
              },
            };
          },
        }),
      );
    }
    return {
      module: PlatformModule,
      imports,
      controllers: [HealthController, MetricsController, OpenApiHttpController],
      providers,
      exports: exported,
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(CorrelationMiddleware, SecurityHeadersMiddleware, HttpMetricsMiddleware)
      .forRoutes('*path');
  }
}
