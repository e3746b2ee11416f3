import { isTransientFailure } from './parked-events';

describe('isTransientFailure', () => {
  it('retries what the database, not the event, caused', () => {
    for (const code of [
      '08006',
      '53300',
      '57P01',
      '40001',
      '40P01',
      '55P03',
      '57014',
      'ECONNRESET',
      'ECONNREFUSED',
    ])
      expect({ code, transient: isTransientFailure(Object.assign(new Error('x'), { code })) }).toEqual({
        code,
        transient: true,
      });
    expect(isTransientFailure({ driverError: { code: '40001' } })).toBe(true);
    expect(isTransientFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
    // What pg and TypeORM say about a connection whose server went away between two statements.
    expect(
      isTransientFailure(new Error('Client has encountered a connection error and is not queryable')),
    ).toBe(true);
    expect(
      isTransientFailure(
        new Error(
          'Database connection provided by a query runner was already released, cannot continue to use its querying methods anymore.',
        ),
      ),
    ).toBe(true);
  });

  it('parks what retrying cannot cure', () => {
    for (const code of ['23505', '22P02', '42703', '23502'])
      expect({ code, transient: isTransientFailure(Object.assign(new Error('x'), { code })) }).toEqual({
        code,
        transient: false,
      });
    expect(isTransientFailure(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isTransientFailure('boom')).toBe(false);
    expect(isTransientFailure(null)).toBe(false);
  });
});
