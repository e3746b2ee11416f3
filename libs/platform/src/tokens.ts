/** Injection token of the service's PostgreSQL pool. */
export const PG_POOL = Symbol('PG_POOL');
