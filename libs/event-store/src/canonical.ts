import { createHash } from 'node:crypto';

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

/** prev_hash of a stream's first event, and prev_seal_hash of the first seal link. */
export const GENESIS_HASH = '0'.repeat(64);

/** hash = SHA-256(prev_hash ‖ canonical(event)), hex. */
export function chainHash(prevHashHex: string, canonical: string): string {
  return createHash('sha256').update(Buffer.from(prevHashHex, 'hex')).update(canonical, 'utf8').digest('hex');
}

export function hashEvent(prevHashHex: string, event: CanonicalEventFields): string {
  return chainHash(prevHashHex, canonicalEvent(event));
}

/** seal_hash = SHA-256(prev_seal_hash ‖ event_hash ‖ global_position as 8-byte big-endian), hex. */
export function sealHash(prevSealHashHex: string, eventHashHex: string, globalPosition: bigint): string {
  const position = Buffer.alloc(8);
  position.writeBigUInt64BE(globalPosition);
  return createHash('sha256')
    .update(Buffer.from(prevSealHashHex, 'hex'))
    .update(Buffer.from(eventHashHex, 'hex'))
    .update(position)
    .digest('hex');
}
