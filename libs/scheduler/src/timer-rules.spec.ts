import { afterFailure, assertSchemaName, filterCondition, groupBy, isEmptyFilter } from './timer-rules';

describe('afterFailure', () => {
  const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 350 };

  it('doubles the delay after each failed attempt, up to the ceiling', () => {
    expect(afterFailure(1, policy)).toEqual({ kind: 'retry', delayMs: 100 });
    expect(afterFailure(2, policy)).toEqual({ kind: 'retry', delayMs: 200 });
    expect(afterFailure(3, policy)).toEqual({ kind: 'retry', delayMs: 350 });
  });

  it('gives up once the attempts are spent', () => {
    expect(afterFailure(4, policy)).toEqual({ kind: 'give-up' });
    expect(afterFailure(9, policy)).toEqual({ kind: 'give-up' });
  });

  it('stays finite for absurd attempt counts', () => {
    expect(afterFailure(5_000, { ...policy, maxAttempts: 10_000 })).toEqual({ kind: 'retry', delayMs: 350 });
  });
});

describe('filterCondition', () => {
  it('numbers parameters from the first free one, in a fixed column order', () => {
    expect(filterCondition({ kind: 'k', caseId: 'c' }, 2)).toEqual({
      sql: 'AND case_id = $2 AND kind = $3',
      params: ['c', 'k'],
    });
  });

  it('is empty for an empty filter', () => {
    expect(filterCondition({}, 2)).toEqual({ sql: '', params: [] });
    expect(isEmptyFilter({})).toBe(true);
    expect(isEmptyFilter({ timerId: 't' })).toBe(false);
  });
});

describe('assertSchemaName', () => {
  it('accepts SQL identifiers and refuses anything that could inject', () => {
    expect(assertSchemaName('scheduler_test_1')).toBe('scheduler_test_1');
    expect(() => assertSchemaName('x; DROP TABLE y')).toThrow(/lower-case SQL identifier/);
    expect(() => assertSchemaName('Upper')).toThrow();
  });
});

describe('groupBy', () => {
  it('keeps first-seen order of groups and items', () => {
    expect(groupBy(['a1', 'b1', 'a2', 'c1', 'b2'], (s) => s[0] ?? '')).toEqual([
      ['a1', 'a2'],
      ['b1', 'b2'],
      ['c1'],
    ]);
  });
});
