import { GENESIS_HASH, hashEvent } from './canonical';
import { ChainWalker, hashChainLink, progressReporter, type ChainLink } from './verify-chain';

function chain(streamId: string, count: number): ChainLink[] {
  const links: ChainLink[] = [];
  let prevHash = GENESIS_HASH;
  for (let streamVersion = 0; streamVersion < count; streamVersion++) {
    const fields = {
      streamId,
      streamVersion,
      eventId: `00000000-0000-4000-8000-00000000000${streamVersion}`,
      type: 'T',
      schemaVersion: 1,
      data: { n: streamVersion },
      metadata: {},
      recordedAt: '2025-01-01T00:00:00.000Z',
    };
    const hash = hashEvent(prevHash, fields);
    links.push({ ...fields, prevHash, hash, globalPosition: null });
    prevHash = hash;
  }
  return links;
}

const walk = (links: readonly ChainLink[]) => {
  const walker = new ChainWalker(hashChainLink);
  for (const link of links) {
    const failure = walker.check(link);
    if (failure) return failure;
  }
  return { intact: true as const, checked: walker.checked };
};

describe('ChainWalker', () => {
  it('accepts interleaved intact chains', () => {
    const a = chain('a', 3);
    const b = chain('b', 2);
    expect(walk([a[0], b[0], a[1], b[1], a[2]] as ChainLink[])).toEqual({ intact: true, checked: 5 });
  });

  it('names a removed event, an altered one and a relinked one', () => {
    const [first, second, third] = chain('a', 3) as [ChainLink, ChainLink, ChainLink];
    expect(walk([first, third])).toMatchObject({
      intact: false,
      reason: 'version-gap',
      streamVersion: 2,
      expected: 'version 1',
      found: 'version 2',
    });
    expect(walk([first, { ...second, data: { n: 42 } }])).toMatchObject({
      intact: false,
      reason: 'hash-mismatch',
      streamId: 'a',
      streamVersion: 1,
      found: second.hash,
    });
    expect(walk([first, { ...second, prevHash: third.hash }])).toMatchObject({
      intact: false,
      reason: 'prev-hash-mismatch',
      checked: 1,
    });
    expect(walk([{ ...second, streamVersion: 0 }])).toMatchObject({
      intact: false,
      reason: 'prev-hash-mismatch',
    });
  });
});

describe('progressReporter', () => {
  it('reports every n events and the final count once', () => {
    const seen: unknown[] = [];
    const progress = progressReporter({ progressEvery: 2, onProgress: (p) => seen.push(p) }, 5);
    for (let checked = 1; checked <= 5; checked++) progress.step(checked);
    progress.done(5);
    expect(seen).toEqual([
      { checked: 2, total: 5 },
      { checked: 4, total: 5 },
      { checked: 5, total: 5 },
    ]);
  });

  it('does not repeat a count already reported, and stays silent without a listener', () => {
    const seen: number[] = [];
    const progress = progressReporter({ progressEvery: 2, onProgress: (p) => seen.push(p.checked) }, null);
    progress.step(2);
    progress.done(2);
    expect(seen).toEqual([2]);
    expect(() => progressReporter(undefined, 3).done(3)).not.toThrow();
  });
});
