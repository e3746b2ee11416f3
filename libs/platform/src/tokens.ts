/** Injection token of the service's PostgreSQL pool. */
export const PG_POOL = Symbol('PG_POOL');

/** Injection token of the service's pino logger. */
export const LOGGER = Symbol('LOGGER');
