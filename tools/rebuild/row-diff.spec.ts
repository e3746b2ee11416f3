import { diffRows, differenceCount, formatTableDiff, sameValue, showValue } from './row-diff';

const row = (caseId: string, status: string, extra: Record<string, unknown> = {}) => ({
  case_id: caseId,
  status,
  version: 1,
  ...extra,
});

describe('sameValue', () => {
  it('compares JSON by content, ignoring object key order but not array order', () => {
    expect(sameValue({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameValue(null, undefined)).toBe(false);
    expect(sameValue('1', 1)).toBe(false);
    expect(sameValue({}, [])).toBe(false);
  });
});

describe('diffRows', () => {
  it('finds nothing when both sides hold the same rows in any order', () => {
    const diff = diffRows(
      't',
      ['case_id'],
      [row('a', 'open'), row('b', 'closed', { detail: { x: 1, y: 2 } })],
      [row('b', 'closed', { detail: { y: 2, x: 1 } }), row('a', 'open')],
    );
    expect(differenceCount(diff)).toBe(0);
  });

  it('tells missing, extra and changed rows apart, naming each changed column', () => {
    const diff = diffRows(
      'case_conferences',
      ['case_id'],
      [row('a', 'open'), row('b', 'halted', { version: 3 }), row('x', 'open')],
      [row('a', 'open'), row('b', 'scheduled', { version: 4 }), row('c', 'open')],
    );
    expect(diff.missing).toEqual([row('c', 'open')]);
    expect(diff.extra).toEqual([row('x', 'open')]);
    expect(diff.changed).toEqual([
      {
        key: { case_id: 'b' },
        columns: [
          { column: 'status', live: 'halted', rebuilt: 'scheduled' },
          { column: 'version', live: 3, rebuilt: 4 },
        ],
      },
    ]);
    expect(differenceCount(diff)).toBe(3);
  });

  it('matches on a composite key', () => {
    const diff = diffRows(
      't',
      ['case_id', 'n'],
      [{ case_id: 'a', n: 1, v: 'x' }],
      [
        { case_id: 'a', n: 1, v: 'x' },
        { case_id: 'a', n: 2, v: 'y' },
      ],
    );
    expect(diff.missing).toEqual([{ case_id: 'a', n: 2, v: 'y' }]);
    expect(diff.changed).toEqual([]);
  });

  it('leaves out the columns it is told are not derived from events', () => {
    const live = [{ event_id: 'e1', seq: '7', status: 'eligible' }];
    const rebuilt = [{ event_id: 'e1', seq: '1', status: 'eligible' }];
    expect(differenceCount(diffRows('t', ['event_id'], live, rebuilt, ['seq']))).toBe(0);
    expect(diffRows('t', ['event_id'], live, rebuilt).changed).toEqual([
      { key: { event_id: 'e1' }, columns: [{ column: 'seq', live: '7', rebuilt: '1' }] },
    ]);
  });

  it('reports a column one side lacks as changed', () => {
    const diff = diffRows('t', ['id'], [{ id: 1, a: null }], [{ id: 1 }]);
    expect(diff.changed).toEqual([
      { key: { id: 1 }, columns: [{ column: 'a', live: null, rebuilt: undefined }] },
    ]);
  });

  it('refuses duplicate keys and an empty key', () => {
    expect(() => diffRows('t', ['id'], [{ id: 1 }, { id: 1 }], [])).toThrow(
      'live t has two rows with key [1]',
    );
    expect(() => diffRows('t', [], [], [])).toThrow('t has no key');
  });
});

describe('formatTableDiff', () => {
  it('prints one line per row and per changed column, and says how many it left out', () => {
    const diff = diffRows(
      't',
      ['case_id'],
      [row('a', 'open'), row('b', 'open'), row('c', 'open')],
      [row('a', 'closed'), row('d', 'open'), row('e', 'open')],
    );
    expect(formatTableDiff(diff, ['case_id'], 1)).toEqual([
      '    missing from live: case_id=d {"case_id":"d","status":"open","version":1}',
      '    … and 1 more missing',
      '    extra in live: case_id=b {"case_id":"b","status":"open","version":1}',
      '    … and 1 more extra',
      '    changed: case_id=a',
      '      status: live "open", rebuilt "closed"',
    ]);
  });

  it('shortens long values', () => {
    expect(showValue('x'.repeat(500))).toHaveLength(160);
    expect(showValue(undefined)).toBe('(no such column)');
  });
});
