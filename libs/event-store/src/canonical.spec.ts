import { createHash } from 'node:crypto';
import { GENESIS_HASH, canonicalEvent, canonicalJson, chainHash, hashEvent, sealHash } from './canonical';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('is independent of insertion order', () => {
    expect(canonicalJson({ x: 1, y: { p: true, q: null } })).toBe(
      canonicalJson({ y: { q: null, p: true }, x: 1 }),
    );
  });

  it('sorts by UTF-16 code units, as RFC 8785 does', () => {
    // RFC 8785 §3.2.3 ordering example (subset): "\r" < "1" < "\u0080" < "ö" < "€" < "😀" < "ﬂ" < "דּ"
    const keys = ['\u20ac', '\r', '\ufb33', '1', '\ud83d\ude00', '\u0080', '\u00f6', '\ufb02'];
    const text = canonicalJson(Object.fromEntries(keys.map((key) => [key, 0])));
    // Read the keys off the text: JSON.parse would put the integer-like key "1" first again.
    const order = [...text.matchAll(/"((?:[^"\\]|\\.)*)":0/g)].map(
      (match) => JSON.parse(`"${match[1] ?? ''}"`) as string,
    );
    expect(order).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb02', '\ufb33']);
  });

  it('writes numbers and strings as JSON.stringify does', () => {
    expect(canonicalJson([1e21, 0.1 + 0.2, -0, 5e-324, 'é"\\\n\u0001'])).toBe(
      '[1e+21,0.30000000000000004,0,5e-324,"é\\"\\\\\\n\\u0001"]',
    );
  });

  it('drops undefined members, writes null for undefined array items and non-finite numbers, honours toJSON', () => {
    expect(
      canonicalJson({ a: undefined, b: [undefined, NaN, Infinity], c: new Date('2025-01-02T03:04:05.006Z') }),
    ).toBe('{"b":[null,null,null],"c":"2025-01-02T03:04:05.006Z"}');
  });

  it('refuses BigInt, which JSON cannot carry', () => {
    expect(() => canonicalJson({ n: 10n })).toThrow('BigInt');
  });
});

describe('event hashing', () => {
  const event = {
    streamId: 'screening.Screening-7f3c',
    streamVersion: 3,
    eventId: '6f1d5b3e-3c1b-4c8e-9a55-0d9b8f2d7a10',
    type: 'CaseEligible',
    schemaVersion: 2,
    data: { reasons: ['R1'], caseId: '7f3c' },
    metadata: {
      occurredAt: '2025-03-01T10:00:00.000Z',
      actor: 'user:1',
      correlationId: 'c',
      causationId: 'k',
    },
    recordedAt: '2025-03-01T10:00:00.123Z',
  };

  it('covers exactly the documented fields, in the order the database concatenates them', () => {
    // Mirrors the concatenation in the append_events SQL function (postgres/migrations.ts).
    const sqlTemplate =
      `{"data":${canonicalJson(event.data)},"eventId":"${event.eventId}","metadata":${canonicalJson(event.metadata)}` +
      `,"recordedAt":"${event.recordedAt}","schemaVersion":${event.schemaVersion},"streamId":${JSON.stringify(event.streamId)}` +
      `,"streamVersion":${event.streamVersion},"type":${JSON.stringify(event.type)}}`;
    expect(canonicalEvent(event)).toBe(sqlTemplate);
  });

  it('chains: hash = SHA-256(prev_hash bytes ‖ canonical event)', () => {
    const prev = 'ab'.repeat(32);
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from(prev, 'hex'), Buffer.from(canonicalEvent(event), 'utf8')]))
      .digest('hex');
    expect(hashEvent(prev, event)).toBe(expected);
    expect(chainHash(GENESIS_HASH, 'x')).toBe(
      createHash('sha256')
        .update(Buffer.concat([Buffer.alloc(32), Buffer.from('x')]))
        .digest('hex'),
    );
  });

  it('changes when any covered field changes', () => {
    const base = hashEvent(GENESIS_HASH, event);
    const variants = [
      { ...event, streamVersion: 4 },
      { ...event, data: { ...event.data, caseId: '7f3d' } },
      { ...event, metadata: { ...event.metadata, actor: 'user:2' } },
      { ...event, recordedAt: '2025-03-01T10:00:00.124Z' },
      { ...event, type: 'CaseIneligible' },
      { ...event, schemaVersion: 3 },
    ];
    for (const variant of variants) expect(hashEvent(GENESIS_HASH, variant)).not.toBe(base);
    expect(hashEvent('11'.repeat(32), event)).not.toBe(base);
  });

  it('seals: seal_hash = SHA-256(prev_seal ‖ event_hash ‖ position as 8 bytes big-endian)', () => {
    const position = Buffer.from([0, 0, 0, 0, 0, 0, 1, 0]);
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.alloc(32), Buffer.from('cd'.repeat(32), 'hex'), position]))
      .digest('hex');
    expect(sealHash(GENESIS_HASH, 'cd'.repeat(32), 256n)).toBe(expected);
    expect(sealHash(GENESIS_HASH, 'cd'.repeat(32), 257n)).not.toBe(expected);
  });
});
