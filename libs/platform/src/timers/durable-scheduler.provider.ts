import type { Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { ServiceName } from '@accord/contracts';
import { DurableScheduler } from '@accord/scheduler';
import { ServiceConfig } from '../config/service-config';
import { LOGGER, PG_POOL } from '../tokens';

/**
 * The service's `DurableScheduler` provider: the service's own timers, polled every
 * `pollIntervalMs(config)` (the scheduler's default when the service has no variable for it).
 */
export function provideDurableScheduler<Config extends ServiceConfig>(
  service: ServiceName,
  pollIntervalMs?: (config: Config) => number,
): Provider {
  return {
    provide: DurableScheduler,
    useFactory: (pool: Pool, logger: Logger, config: ServiceConfig) =>
      new DurableScheduler({
        pool,
        service,
        logger: logger.child({ component: 'scheduler' }),
        ...(pollIntervalMs ? { pollIntervalMs: pollIntervalMs(config as Config) } : {}),
      }),
    inject: [PG_POOL, LOGGER, ServiceConfig],
  };
}
