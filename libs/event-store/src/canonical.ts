import { createHash, hash } from 'node:crypto';

/**
 * Deterministic JSON: object keys sorted by UTF-16 code units, no whitespace, numbers and strings
 * as `JSON.stringify` writes them (which is what RFC 8785 prescribes), `toJSON` honoured, undefined
 * members dropped. Hashes are computed over this form, so the same event always hashes the same,
 * whichever process or database wrote it.
 */
export function canonicalJson(value: unknown): string {
  const out = write(value, true);
  if (out === undefined) throw new TypeError('canonicalJson: value is not representable as JSON');
  return out;
}

function write(value: unknown, inArrayOrRoot: boolean): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: BigInt is not JSON; send it as a string');
    case 'undefined':
    case 'function':
    case 'symbol':
      return inArrayOrRoot ? 'null' : undefined;
    case 'object':
      break;
  }
  const candidate = value as { toJSON?: () => unknown };
  if (typeof candidate.toJSON === 'function') return write(candidate.toJSON(), inArrayOrRoot);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += write(value[i], true) ?? 'null';
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = write(record[key], false);
    if (member === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${member}`;
    first = false;
  }
  return `${out}}`;
}

/** The fields a stored event is hashed over. `data` is the data as stored: ciphertext for personal fields. */
export interface CanonicalEventFields {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recordedAt: string;
}

/**
 * Key order is fixed by the sort (data, eventId, metadata, recordedAt, schemaVersion, streamId,
 * streamVersion, type); the PostgreSQL append function builds the same string by concatenation
 * (postgres/migrations.ts), so keep the two in step.
 */
export function canonicalEvent(event: CanonicalEventFields): string {
  return canonicalJson({
    data: event.data,
    eventId: event.eventId,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    type: event.type,
  });
}

/** A stored event's fields with its data and metadata as the JSON text they are stored as. */
export type StoredCanonicalFields = Omit<CanonicalEventFields, 'data' | 'metadata'> & {
  readonly dataJson: string;
  readonly metadataJson: string;
};

/**
 * canonicalEvent of a stored event, its data and metadata parsed from their text: the same string,
 * built without parsing them into objects (verification runs this for every event of the log).
 */
export function canonicalStoredEvent(event: StoredCanonicalFields): string {
  return (
    `{"data":${canonicalJsonText(event.dataJson)},"eventId":${JSON.stringify(event.eventId)}` +
    `,"metadata":${canonicalJsonText(event.metadataJson)},"recordedAt":${JSON.stringify(event.recordedAt)}` +
    `,"schemaVersion":${JSON.stringify(event.schemaVersion)},"streamId":${JSON.stringify(event.streamId)}` +
    `,"streamVersion":${JSON.stringify(event.streamVersion)},"type":${JSON.stringify(event.type)}}`
  );
}

/**
 * canonicalJson(JSON.parse(text)), the same string, read straight off the text where it is plain:
 * no backslash escapes, control characters or surrogates, only spaces between tokens (what
 * PostgreSQL writes for jsonb, and canonical text itself). There every string token is already
 * what JSON.stringify writes, so members are copied and put in key order, and only numbers that
 * JSON.stringify might write differently are rewritten. Anything else takes the general path.
 */
export function canonicalJsonText(text: string): string {
  if (!UNPLAIN.test(text)) {
    const reader: Reader = { text, at: 0 };
    try {
      const out = plainValue(reader);
      skipSpaces(reader);
      if (reader.at === text.length) return out;
    } catch {
      // Not plain after all: the general path decides, and throws what JSON.parse throws.
    }
  }
  return canonicalJson(JSON.parse(text));
}

const UNPLAIN = /[\\\u0000-\u001f\ud800-\udfff]/;
/** JSON's number grammar; leading zeros and bare signs are not numbers. */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** Integers JSON.stringify writes back digit for digit (not -0, not beyond 2^53). */
const SAFE_INTEGER = /^(?:-?[1-9]\d{0,14}|0)$/;

interface Reader {
  readonly text: string;
  at: number;
}

class NotPlain extends Error {}

function skipSpaces(reader: Reader): void {
  while (reader.text.charCodeAt(reader.at) === 0x20) reader.at++;
}

function plainValue(reader: Reader): string {
  skipSpaces(reader);
  const { text, at } = reader;
  const c = text.charCodeAt(at);
  if (c === 0x22) {
    // No backslash in the text: the next quote ends the string.
    const end = text.indexOf('"', at + 1);
    if (end < 0) throw new NotPlain();
    reader.at = end + 1;
    return text.slice(at, end + 1);
  }
  if (c === 0x7b) return plainObject(reader);
  if (c === 0x5b) return plainArray(reader);
  const literal = c === 0x74 ? 'true' : c === 0x66 ? 'false' : c === 0x6e ? 'null' : null;
  if (literal) {
    if (!text.startsWith(literal, at)) throw new NotPlain();
    reader.at += literal.length;
    return literal;
  }
  NUMBER.lastIndex = at;
  if (!NUMBER.test(text)) throw new NotPlain();
  reader.at = NUMBER.lastIndex;
  const token = text.slice(at, reader.at);
  return SAFE_INTEGER.test(token) ? token : (write(Number(token), true) as string);
}

/** Steps over an opening bracket; true when the bracket closes straight away (empty). */
function opensEmpty(reader: Reader, close: number): boolean {
  reader.at++;
  skipSpaces(reader);
  if (reader.text.charCodeAt(reader.at) !== close) return false;
  reader.at++;
  return true;
}

/** Steps over what follows a member: true at the closing bracket, false at a comma. */
function closes(reader: Reader, close: number): boolean {
  skipSpaces(reader);
  const c = reader.text.charCodeAt(reader.at++);
  if (c !== close && c !== 0x2c) throw new NotPlain();
  return c === close;
}

function plainArray(reader: Reader): string {
  if (opensEmpty(reader, 0x5d)) return '[]';
  const items: string[] = [];
  do items.push(plainValue(reader));
  while (!closes(reader, 0x5d));
  return `[${items.join(',')}]`;
}

function plainObject(reader: Reader): string {
  if (opensEmpty(reader, 0x7d)) return '{}';
  // Members kept in key order as they come, by insertion: event objects are small.
  const keys: string[] = [];
  const members: string[] = [];
  do {
    skipSpaces(reader);
    const { text, at } = reader;
    if (text.charCodeAt(at) !== 0x22) throw new NotPlain();
    const end = text.indexOf('"', at + 1);
    if (end < 0) throw new NotPlain();
    const key = text.slice(at + 1, end);
    reader.at = end + 1;
    skipSpaces(reader);
    if (text.charCodeAt(reader.at++) !== 0x3a) throw new NotPlain();
    const member = `"${key}":${plainValue(reader)}`;
    let index = keys.length;
    while (index > 0 && (keys[index - 1] as string) > key) index--;
    // A repeated key: the last one counts, as in JSON.parse.
    if (index > 0 && keys[index - 1] === key) members[index - 1] = member;
    else {
      keys.splice(index, 0, key);
      members.splice(index, 0, member);
    }
  } while (!closes(reader, 0x7d));
  return `{${members.join(',')}}`;
}

/** prev_hash of a stream's first event, and prev_seal_hash of the first seal link. */
export const GENESIS_HASH = '0'.repeat(64);

/** Scratch space for one hash input, reused: hashing runs for every event a verification walks. */
let scratch = Buffer.allocUnsafe(64 * 1024);
const SCRATCH_LIMIT = 1024 * 1024;

/** hash = SHA-256(prev_hash ‖ canonical(event)), hex. */
export function chainHash(prevHashHex: string, canonical: string): string {
  // At most 3 UTF-8 bytes per UTF-16 code unit. Past the limit, or where prev_hash is not 32
  // bytes of hex (a tampered row), the streaming hash below.
  const room = 32 + canonical.length * 3;
  if (room > scratch.length && room <= SCRATCH_LIMIT) scratch = Buffer.allocUnsafe(room);
  if (
    room <= scratch.length &&
    prevHashHex.length === 64 &&
    scratch.write(prevHashHex, 0, 32, 'hex') === 32
  ) {
    const length = 32 + scratch.write(canonical, 32, 'utf8');
    return hash('sha256', scratch.subarray(0, length), 'hex');
  }
  return createHash('sha256').update(Buffer.from(prevHashHex, 'hex')).update(canonical, 'utf8').digest('hex');
}

export function hashEvent(prevHashHex: string, event: CanonicalEventFields): string {
  return chainHash(prevHashHex, canonicalEvent(event));
}

/** hashEvent of a stored event, its data and metadata read from their JSON text. */
export function hashStoredEvent(prevHashHex: string, event: StoredCanonicalFields): string {
  return chainHash(prevHashHex, canonicalStoredEvent(event));
}

const sealInput = Buffer.alloc(72);

/** seal_hash = SHA-256(prev_seal_hash ‖ event_hash ‖ global_position as 8-byte big-endian), hex. */
export function sealHash(prevSealHashHex: string, eventHashHex: string, globalPosition: bigint): string {
  if (
    prevSealHashHex.length === 64 &&
    eventHashHex.length === 64 &&
    sealInput.write(prevSealHashHex, 0, 32, 'hex') === 32 &&
    sealInput.write(eventHashHex, 32, 32, 'hex') === 32
  ) {
    sealInput.writeBigUInt64BE(globalPosition, 64);
    return hash('sha256', sealInput, 'hex');
  }
  const position = Buffer.alloc(8);
  position.writeBigUInt64BE(globalPosition);
  return createHash('sha256')
    .update(Buffer.from(prevSealHashHex, 'hex'))
    .update(Buffer.from(eventHashHex, 'hex'))
    .update(position)
    .digest('hex');
}
