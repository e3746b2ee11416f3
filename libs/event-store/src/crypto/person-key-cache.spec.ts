import { PersonKeyCache } from './person-key-cache';

const key = (n: number) => Buffer.alloc(32, n);

describe('PersonKeyCache', () => {
  let clock = 0;
  const cache = (options: { ttlMs?: number; maxEntries?: number } = {}) => {
    const made = new PersonKeyCache({ ...options, now: () => clock });
    made.live(true);
    return made;
  };
  beforeEach(() => {
    clock = 1_000;
  });

  it('serves a remembered key until it expires, and looks up the rest', () => {
    const keys = cache({ ttlMs: 100 });
    keys.remember(new Map([['a', key(1)]]), keys.epoch);
    expect(keys.recall(['a', 'b'])).toEqual({ found: new Map([['a', key(1)]]), missing: ['b'] });
    clock += 100;
    expect(keys.recall(['a'])).toEqual({ found: new Map(), missing: ['a'] });
    expect(keys.size).toBe(0);
  });

  it('never remembers an erased person (null) and forgets one erased afterwards', () => {
    const keys = cache();
    keys.remember(
      new Map([
        ['a', key(1)],
        ['b', null],
      ]),
      keys.epoch,
    );
    expect(keys.recall(['b']).missing).toEqual(['b']);
    keys.erased('a');
    expect(keys.recall(['a']).missing).toEqual(['a']);
  });

  it('does not remember a lookup that an erasure overtook', () => {
    const keys = cache();
    const epoch = keys.epoch;
    keys.erased('someone-else');
    keys.remember(new Map([['a', key(1)]]), epoch);
    expect(keys.recall(['a']).missing).toEqual(['a']);
  });

  it('serves nothing while not listening, and forgets everything when listening stops', () => {
    const keys = new PersonKeyCache({ now: () => clock });
    keys.remember(new Map([['a', key(1)]]), keys.epoch);
    expect(keys.size).toBe(0);
    keys.live(true);
    const epoch = keys.epoch;
    keys.remember(new Map([['a', key(1)]]), epoch);
    keys.live(false);
    expect(keys.size).toBe(0);
    keys.live(true);
    // A lookup begun before the connection was lost is not remembered after it came back.
    keys.remember(new Map([['a', key(1)]]), epoch);
    expect(keys.recall(['a']).missing).toEqual(['a']);
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const keys = cache({ maxEntries: 2 });
    for (const [id, n] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const)
      keys.remember(new Map([[id, key(n)]]), keys.epoch);
    expect(keys.recall(['a', 'b', 'c'])).toEqual({
      found: new Map([
        ['b', key(2)],
        ['c', key(3)],
      ]),
      missing: ['a'],
    });
  });
});
