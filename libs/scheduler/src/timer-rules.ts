/** Pure parts of the scheduler: names, filters and the retry policy (unit-tested without a database). */

export interface TimerFilter {
  readonly timerId?: string;
  readonly caseId?: string;
  readonly kind?: string;
}

export interface RetryPolicy {
  /** Attempts in all (the first run included) before a timer is marked failed. */
  readonly maxAttempts: number;
  /** Delay before the second attempt; doubles each attempt after that. */
  readonly baseDelayMs: number;
  /** Ceiling of the delay between attempts. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 300_000 };

export type RetryDecision =
  | { readonly kind: 'retry'; readonly delayMs: number }
  | { readonly kind: 'give-up' };

/**
 * After attempt number `attempts` (1-based) failed: try again after an exponential delay, or give
 * up once the policy's attempts are spent.
 */
export function afterFailure(attempts: number, policy: RetryPolicy): RetryDecision {
  if (attempts >= policy.maxAttempts) return { kind: 'give-up' };
  const exponent = Math.max(0, attempts - 1);
  // 2^exponent overflows to Infinity long before it matters; the ceiling keeps it finite.
  const delayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return { kind: 'retry', delayMs };
}

export class SchedulerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchedulerConfigError';
  }
}

export function assertSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new SchedulerConfigError(
      `scheduler schema ${JSON.stringify(schema)} must be a lower-case SQL identifier (letters, digits, _)`,
    );
  }
  return schema;
}

export interface SqlCondition {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * The `AND …` conditions for a filter, numbering parameters from `firstParam`. Column names are
 * fixed here; only values travel as parameters.
 */
export function filterCondition(filter: TimerFilter, firstParam: number): SqlCondition {
  const columns: Array<[keyof TimerFilter, string]> = [
    ['timerId', 'timer_id'],
    ['caseId', 'case_id'],
    ['kind', 'kind'],
  ];
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const [key, column] of columns) {
    const value = filter[key];
    if (value === undefined) continue;
    params.push(value);
    parts.push(`AND ${column} = $${firstParam + params.length - 1}`);
  }
  return { sql: parts.join(' '), params };
}

export function isEmptyFilter(filter: TimerFilter): boolean {
  return filter.timerId === undefined && filter.caseId === undefined && filter.kind === undefined;
}

/** Groups items by key, keeping first-seen order of keys and of items within a key. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}
