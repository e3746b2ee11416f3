import { createHash } from 'node:crypto';
import {
  GENESIS_HASH,
  canonicalEvent,
  canonicalJson,
  canonicalJsonText,
  canonicalStoredEvent,
  chainHash,
  hashEvent,
  hashStoredEvent,
  sealHash,
} from './canonical';

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

/** As PostgreSQL writes jsonb: keys shortest first, then by bytes; ", " and ": " between tokens. */
function jsonbText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const keys = Object.keys(value).sort((a, b) =>
    Buffer.byteLength(a) !== Buffer.byteLength(b)
      ? Buffer.byteLength(a) - Buffer.byteLength(b)
      : Buffer.compare(Buffer.from(a), Buffer.from(b)),
  );
  const record = value as Record<string, unknown>;
  return `{${keys.map((key) => `${JSON.stringify(key)}: ${jsonbText(record[key])}`).join(', ')}}`;
}

describe('canonicalJsonText', () => {
  const same = (text: string) => expect(canonicalJsonText(text)).toBe(canonicalJson(JSON.parse(text)));

  it('is canonicalJson of the parsed text, for stored (jsonb) text and canonical text alike', () => {
    const values: unknown[] = [
      { caseId: 'c-1', offenceCategory: 'theft', at: '2025-01-01T00:00:00.000Z', n: 3, ok: true, no: null },
      { b: { d: [3, { z: 1, y: 2 }, []], c: 'x', e: {} }, a: [[], [{}], 'é€😀'] },
      // Keys that sort differently with their quotes: "ab" before "ab!", "a b", "a\u0001".
      { 'ab!': 1, ab: 2, 'a b': 3, a: 4, '': 5, '1': 6, '10': 7, '9': 8, __proto__x: 9 },
      { ['\u00f6']: 1, ['\u20ac']: 2, ['\ufb02']: 3, ['\u0080']: 4, z: 'tab\there', q: 'quote"' },
      [1.5, -2, 0, 1e21, 1e-7, 0.1, 123456789012345, 1234567890123456, -1234567890123456789],
      'plain',
      42,
      null,
      [],
    ];
    for (const value of values) {
      same(jsonbText(value));
      same(JSON.stringify(value));
      same(canonicalJson(value));
    }
  });

  it('rewrites numbers as JSON.stringify writes them, and keeps the last of repeated keys', () => {
    for (const text of [
      '1.0',
      '1e2',
      '-0',
      '-0.0',
      '1E+2',
      '1e400',
      '-1e400',
      '0.10',
      '12345678901234567890',
    ])
      same(text);
    expect(canonicalJsonText('{"b": 1.50, "a": -0, "c": 1e2}')).toBe('{"a":0,"b":1.5,"c":100}');
    same('{"a": 1, "b": 2, "a": 3}');
    same('{"b": {"x": 1}, "a": 2, "b": [2]}');
    same('{"__proto__": {"x": 1}, "a": 2}');
  });

  it('takes the general path for escapes, surrogates and other whitespace, and throws what JSON.parse throws', () => {
    for (const text of ['"a\\u0041\\n"', '{"k\\"": 1}', '["\ud83d\ude00", "\ud800"]', '{\n "a" :\t[1 ,2]\r}'])
      same(text);
    for (const text of [
      '',
      '{',
      '{"a" 1}',
      '[1,]',
      '01',
      '1.',
      '-',
      '+1',
      'tru',
      '{"a": 1} x',
      '"open',
      '{"a": 1,}',
    ])
      expect(() => canonicalJsonText(text)).toThrow(SyntaxError);
  });

  it('agrees with canonicalJson on random values', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const strings = [
      '',
      'a',
      'B',
      'ab',
      'a b',
      'é',
      '€',
      'x"y',
      'back\\slash',
      '😀',
      'line\nbreak',
      '~',
      '!',
    ];
    const make = (depth: number): unknown => {
      const kind = depth > 3 ? Math.floor(random() * 4) : Math.floor(random() * 6);
      if (kind === 0) return pick(strings);
      if (kind === 1) return pick([0, -1, 7, 0.5, -2.25, 1e21, 3e-9, 2 ** 53, 1 / 3]);
      if (kind === 2) return pick([true, false]);
      if (kind === 3) return null;
      if (kind === 4) return Array.from({ length: Math.floor(random() * 4) }, () => make(depth + 1));
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 6) }, () => [
          pick(strings) + pick(strings),
          make(depth + 1),
        ]),
      );
    };
    for (let i = 0; i < 2000; i++) {
      const value = make(0);
      same(jsonbText(value));
      same(JSON.stringify(value));
    }
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

  it('hashes a stored event, its data and metadata as JSON text, as the parsed event', () => {
    const stored = {
      ...event,
      dataJson: jsonbText(event.data),
      metadataJson: jsonbText(event.metadata),
    };
    expect(canonicalStoredEvent(stored)).toBe(canonicalEvent(event));
    expect(hashStoredEvent('ab'.repeat(32), stored)).toBe(hashEvent('ab'.repeat(32), event));
    // A prev_hash that is not 32 bytes of hex (a tampered row) hashes as Buffer.from reads it.
    for (const prev of ['ab', 'ab'.repeat(33), `${'ab'.repeat(31)}zz`]) {
      expect(chainHash(prev, 'x')).toBe(
        createHash('sha256').update(Buffer.from(prev, 'hex')).update('x').digest('hex'),
      );
    }
    const long = 'é'.repeat(2_000_000);
    expect(chainHash(GENESIS_HASH, long)).toBe(
      createHash('sha256').update(Buffer.alloc(32)).update(long, 'utf8').digest('hex'),
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
