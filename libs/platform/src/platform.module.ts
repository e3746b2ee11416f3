import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { Logger } from 'pino';
import { Pool } from 'pg';
import { KafkaConnection } from '@accord/messaging';
import { ServiceConfig, kafkaBrokerList } from './config/service-config';
import { HealthController } from './health/health.controller';
import { CorrelationMiddleware } from './http/correlation.middleware';
import { HttpMetricsMiddleware, Metrics, MetricsController } from './metrics/metrics';
import { PG_POOL } from './tokens';

export const LOGGER = Symbol('LOGGER');

/** Closes the shared connections last, after Nest has stopped consumers and HTTP. */
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

/**
 * What every service has: its validated config, logger, PostgreSQL pool, Kafka connection,
 * /health and /metrics, correlation ids and HTTP metrics on every request.
 */
@Global()
@Module({})
export class PlatformModule implements NestModule {
  static forService(config: ServiceConfig, logger: Logger, kafka: KafkaConnection): DynamicModule {
    const pool = new Pool({
      connectionString: config.DATABASE_URL,
      max: 10,
      connectionTimeoutMillis: config.HEALTH_TIMEOUT_MS,
    });
    // An idle client losing its server must not crash the process; the next query reconnects.
    pool.on('error', (error) => logger.warn({ err: error }, 'idle PostgreSQL client failed'));
    const metrics = new Metrics(config.SERVICE_NAME);
    return {
      module: PlatformModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: ServiceConfig, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: PG_POOL, useValue: pool },
        { provide: KafkaConnection, useValue: kafka },
        { provide: Metrics, useValue: metrics },
        ConnectionCloser,
        HttpMetricsMiddleware,
        CorrelationMiddleware,
      ],
      exports: [ServiceConfig, LOGGER, PG_POOL, KafkaConnection, Metrics],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationMiddleware, HttpMetricsMiddleware).forRoutes('*path');
  }
}

export { kafkaBrokerList };
