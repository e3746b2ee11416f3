import { randomBytes, randomUUID } from 'node:crypto';

/** Fresh ids for tests: each test makes its own, so no test ever needs a clean database. */
export const freshId = (): string => randomUUID();
export const freshCaseId = (): string => randomUUID();
export const freshStreamId = (prefix = 'test.Stream'): string => `${prefix}-${randomUUID()}`;
export const freshName = (prefix = 'test'): string => `${prefix}-${randomBytes(6).toString('hex')}`;
/** Kafka topic names may use letters, digits, '.', '_' and '-'. */
export const freshTopic = (prefix = 'accord.test'): string => `${prefix}.${randomBytes(6).toString('hex')}`;
