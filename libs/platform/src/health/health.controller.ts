import { Controller, Get, Inject } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import type { Pool } from 'pg';
import { KafkaConnection, withTimeout } from '@accord/messaging';
import { Public } from '../auth/public';
import { ServiceConfig } from '../config/service-config';
import { PG_POOL } from '../tokens';

/**
 * GET /health: 200 when PostgreSQL and Kafka both answer within HEALTH_TIMEOUT_MS, else 503
 * naming what is down. Real round trips (`select 1`, a cluster description), never cached.
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly kafka: KafkaConnection,
    private readonly config: ServiceConfig,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    const timeout = this.config.HEALTH_TIMEOUT_MS;
    return this.health.check([
      async () => {
        const indicator = this.indicators.check('postgres');
        try {
          await withTimeout(
            this.pool.query('select 1'),
            timeout,
            `PostgreSQL did not answer within ${timeout} ms`,
          );
          return indicator.up();
        } catch (error) {
          return indicator.down({ message: (error as Error).message });
        }
      },
      async () => {
        const indicator = this.indicators.check('kafka');
        try {
          const cluster = await this.kafka.probe(timeout);
          return indicator.up({ brokers: cluster.brokers });
        } catch (error) {
          return indicator.down({ message: (error as Error).message });
        }
      },
    ]);
  }
}
