import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { canonicalJson } from '../canonical';
import { EventStoreConfigError, InvalidEvent, PersonalDataError } from '../errors';
import type { MasterKey, PersonKeyStore, StoredPersonKey } from './key-store';
import type { PersonKeyCache } from './person-key-cache';

/**
 * Which fields of an event type are personal, and whose they are.
 *
 *   { type: 'ReferralReceived', personalFields: [
 *       { personIdPath: 'harmedPersons[*].personId', fields: ['name', 'dateOfBirth', 'contact'] } ] }
 *
 * `personIdPath` leads to the person's id; `[*]` walks every element of an array. `fields` are paths
 * relative to the object that holds the id (dots for nesting), so each person's fields sit beside
 * their id. A field's whole value (string, object, array…) is encrypted as one.
 */
export interface PersonalFieldGroup {
  readonly personIdPath: string;
  readonly fields: readonly string[];
}

export interface PersonalDataRule {
  readonly type: string;
  readonly personalFields: readonly PersonalFieldGroup[];
}

/** What an erased person's fields read as. */
export const ERASED = '[erased]';

const ENVELOPE_PREFIX = 'enc:v1:';
/** Cheap pre-check on stored JSON text: only events containing this need walking on read. */
export const ENVELOPE_MARKER = `"${ENVELOPE_PREFIX}`;

interface Segment {
  readonly key: string;
  readonly each: boolean;
}

interface CompiledGroup {
  readonly container: readonly Segment[];
  readonly idKey: string;
  readonly fields: readonly (readonly string[])[];
}

function compilePath(path: string, rule: string): Segment[] {
  return path.split('.').map((token) => {
    const each = token.endsWith('[*]');
    const key = each ? token.slice(0, -3) : token;
    if (!/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key))
      throw new EventStoreConfigError(
        `personal data rule ${rule}: bad path segment ${JSON.stringify(token)} in ${JSON.stringify(path)}`,
      );
    return { key, each };
  });
}

function compileGroup(type: string, group: PersonalFieldGroup): CompiledGroup {
  const segments = compilePath(group.personIdPath, type);
  const last = segments[segments.length - 1];
  if (!last || last.each)
    throw new EventStoreConfigError(
      `personal data rule ${type}: personIdPath ${JSON.stringify(group.personIdPath)} must end in the id field, e.g. "victims[*].personId"`,
    );
  if (group.fields.length === 0)
    throw new EventStoreConfigError(
      `personal data rule ${type}: group ${group.personIdPath} lists no fields`,
    );
  const fields = group.fields.map((field) => {
    const parts = compilePath(field, type);
    if (parts.some((part) => part.each))
      throw new EventStoreConfigError(
        `personal data rule ${type}: field ${JSON.stringify(field)} may not contain [*]; encrypt the whole array instead`,
      );
    return parts.map((part) => part.key);
  });
  return { container: segments.slice(0, -1), idKey: last.key, fields };
}

interface Container {
  readonly value: Record<string, unknown>;
  readonly path: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function containersOf(root: Record<string, unknown>, segments: readonly Segment[]): Container[] {
  let current: Container[] = [{ value: root, path: '' }];
  for (const segment of segments) {
    const next: Container[] = [];
    for (const { value, path } of current) {
      const child = value[segment.key];
      const childPath = path ? `${path}.${segment.key}` : segment.key;
      if (segment.each) {
        if (!Array.isArray(child)) continue;
        child.forEach((element, index) => {
          if (isRecord(element)) next.push({ value: element, path: `${childPath}.${index}` });
        });
      } else if (isRecord(child)) {
        next.push({ value: child, path: childPath });
      }
    }
    current = next;
  }
  return current;
}

interface Target {
  readonly holder: Record<string, unknown>;
  readonly key: string;
  readonly path: string;
  readonly personId: string;
  readonly value: unknown;
}

interface Envelope {
  readonly holder: Record<string, unknown> | unknown[];
  readonly key: string | number;
  readonly personId: string;
  readonly payload: Buffer;
}

function parseEnvelope(text: string): { personId: string; payload: Buffer } | null {
  if (!text.startsWith(ENVELOPE_PREFIX)) return null;
  const colon = text.indexOf(':', ENVELOPE_PREFIX.length);
  if (colon < 0) return null;
  const personId = text.slice(colon + 1);
  if (!personId) return null;
  return { personId, payload: Buffer.from(text.slice(ENVELOPE_PREFIX.length, colon), 'base64url') };
}

function collectEnvelopes(node: unknown, into: Envelope[]): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const item = node[i];
      if (typeof item === 'string') {
        const parsed = parseEnvelope(item);
        if (parsed) into.push({ holder: node, key: i, ...parsed });
      } else if (item !== null && typeof item === 'object') collectEnvelopes(item, into);
    }
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (typeof item === 'string') {
      const parsed = parseEnvelope(item);
      if (parsed) into.push({ holder: record, key, ...parsed });
    } else if (item !== null && typeof item === 'object') collectEnvelopes(item, into);
  }
}

export interface ProtectInput {
  readonly eventId: string;
  readonly type: string;
  readonly data: object;
}

/**
 * Encrypts personal fields on append and decrypts them on read (crypto-shredding). Ciphertext is
 * deterministic per (person key, event id, field path, plaintext), so a retried append of the same
 * event stores the same bytes and idempotency can compare stored data; nothing is revealed beyond
 * "these two encryptions are of the same field of the same event".
 */
export class PersonalDataProtector {
  private readonly rules = new Map<string, CompiledGroup[]>();

  constructor(
    rules: readonly PersonalDataRule[],
    private readonly keyStore: PersonKeyStore | undefined,
    private readonly masterKey: MasterKey | undefined,
    /** Keys remembered between reads; absent, every read looks its people's keys up. */
    private readonly cache?: PersonKeyCache,
  ) {
    for (const rule of rules) {
      if (this.rules.has(rule.type))
        throw new EventStoreConfigError(
          `two personal data rules for ${rule.type}: list all its groups in one rule`,
        );
      this.rules.set(
        rule.type,
        rule.personalFields.map((group) => compileGroup(rule.type, group)),
      );
    }
  }

  appliesTo(type: string): boolean {
    return this.rules.has(type);
  }

  /** Data to store, per event: personal fields replaced by ciphertext envelopes (or `[erased]`). */
  async protect(events: readonly ProtectInput[]): Promise<object[]> {
    const targets: Target[][] = [];
    const output: object[] = [];
    const personIds = new Set<string>();
    events.forEach((event, index) => {
      const groups = this.rules.get(event.type);
      if (!groups) {
        output.push(event.data);
        targets.push([]);
        return;
      }
      const text = JSON.stringify(event.data);
      if (text.includes(ENVELOPE_MARKER))
        throw new InvalidEvent(
          `events[${index}].data`,
          `contains a string starting with "${ENVELOPE_PREFIX}", which is reserved for encrypted fields`,
        );
      const clone = JSON.parse(text) as Record<string, unknown>;
      const found: Target[] = [];
      for (const group of groups) {
        for (const container of containersOf(clone, group.container)) {
          const personId = container.value[group.idKey];
          for (const field of group.fields) {
            let holder: Record<string, unknown> | undefined = container.value;
            for (const part of field.slice(0, -1)) {
              const next: unknown = holder[part];
              holder = isRecord(next) ? next : undefined;
              if (!holder) break;
            }
            const key = field[field.length - 1] as string;
            const value = holder?.[key];
            if (!holder || value === undefined || value === null) continue;
            const path = [container.path, ...field].filter(Boolean).join('.');
            if (typeof personId !== 'string' || personId === '') {
              throw new InvalidEvent(
                `events[${index}].data.${path}`,
                `is personal data, so ${[container.path, group.idKey].filter(Boolean).join('.')} must hold the person's id (a non-empty string)`,
              );
            }
            found.push({ holder, key, path, personId, value });
            personIds.add(personId);
          }
        }
      }
      output.push(clone);
      targets.push(found);
    });
    if (personIds.size === 0) return output;

    const keys = await this.ensureKeys([...personIds]);
    events.forEach((event, index) => {
      for (const target of targets[index] ?? []) {
        const key = keys.get(target.personId);
        target.holder[target.key] = key
          ? encryptField(key, target.personId, event.eventId, target.path, target.value)
          : ERASED;
      }
    });
    return output;
  }

  /** Decrypts envelopes in place; fields of erased persons become `[erased]`. */
  async reveal(items: readonly { readonly eventId: string; readonly data: object }[]): Promise<void> {
    const perItem = items.map((item) => {
      const envelopes: Envelope[] = [];
      collectEnvelopes(item.data, envelopes);
      return envelopes;
    });
    const personIds = new Set<string>();
    for (const envelopes of perItem) for (const envelope of envelopes) personIds.add(envelope.personId);
    if (personIds.size === 0) return;
    const keys = await this.findKeys([...personIds]);
    items.forEach((item, index) => {
      for (const envelope of perItem[index] ?? []) {
        const key = keys.get(envelope.personId);
        const value = key ? decryptField(key, envelope.personId, item.eventId, envelope.payload) : ERASED;
        (envelope.holder as Record<string | number, unknown>)[envelope.key] = value;
      }
    });
  }

  async erase(personId: string): Promise<boolean> {
    if (typeof personId !== 'string' || personId === '')
      throw new InvalidEvent('personId', 'must be a non-empty string');
    if (!this.keyStore)
      throw new PersonalDataError('no person key store is configured, so there is nothing to erase');
    const erased = await this.keyStore.erase(personId);
    this.cache?.erased(personId);
    return erased;
  }

  private requireKeys(): { store: PersonKeyStore; master: MasterKey } {
    if (!this.keyStore || !this.masterKey) {
      throw new PersonalDataError(
        `events with personal data need a master key: set EVENT_STORE_MASTER_KEY (32 bytes, base64) or pass masterKey to the event store`,
      );
    }
    return { store: this.keyStore, master: this.masterKey };
  }

  /** The remembered keys of `personIds`, the ids to look up, and the cache's epoch before the lookup. */
  private recall(personIds: string[]): { found: Map<string, Buffer>; missing: string[]; epoch: number } {
    if (!this.cache) return { found: new Map(), missing: personIds, epoch: 0 };
    return { ...this.cache.recall(personIds), epoch: this.cache.epoch };
  }

  private async ensureKeys(personIds: string[]): Promise<Map<string, Buffer | null>> {
    const { store, master } = this.requireKeys();
    const { found, missing, epoch } = this.recall(personIds);
    if (missing.length === 0) return found;
    const existing = await store.find(missing);
    const result = new Map<string, Buffer | null>();
    const candidates = new Map<string, StoredPersonKey>();
    for (const id of missing) {
      const stored = existing.get(id);
      if (stored) result.set(id, master.unwrap(id, stored.wrappedKey, stored.keyId));
      else candidates.set(id, { wrappedKey: master.wrap(id, master.newDataKey()), keyId: master.keyId });
    }
    if (candidates.size > 0) {
      for (const [id, stored] of await store.ensure(candidates)) {
        result.set(id, stored ? master.unwrap(id, stored.wrappedKey, stored.keyId) : null);
      }
    }
    this.cache?.remember(result, epoch);
    return new Map([...found, ...result]);
  }

  private async findKeys(personIds: string[]): Promise<Map<string, Buffer>> {
    if (!this.keyStore) return new Map();
    const { found, missing, epoch } = this.recall(personIds);
    if (missing.length === 0) return found;
    const stored = await this.keyStore.find(missing);
    if (stored.size === 0) return found;
    const { master } = this.requireKeys();
    const looked = new Map<string, Buffer>();
    for (const [id, key] of stored) looked.set(id, master.unwrap(id, key.wrappedKey, key.keyId));
    this.cache?.remember(looked, epoch);
    return new Map([...found, ...looked]);
  }
}

function aad(personId: string, eventId: string): Buffer {
  return Buffer.from(`accord-field:v1:${personId}:${eventId}`, 'utf8');
}

export function encryptField(
  dataKey: Buffer,
  personId: string,
  eventId: string,
  path: string,
  value: unknown,
): string {
  const plaintext = canonicalJson(value);
  // Nonce = HMAC(mac key, event ‖ path ‖ plaintext): a retry encrypts to the same bytes, while two
  // different plaintexts never share a nonce under one key (the SIV construction).
  const nonce = createHmac('sha256', dataKey.subarray(32))
    .update(`${eventId}\0${path}\0`, 'utf8')
    .update(plaintext, 'utf8')
    .digest()
    .subarray(0, 12);
  const cipher = createCipheriv('aes-256-gcm', dataKey.subarray(0, 32), nonce);
  cipher.setAAD(aad(personId, eventId));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${ENVELOPE_PREFIX}${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url')}:${personId}`;
}

export function decryptField(dataKey: Buffer, personId: string, eventId: string, payload: Buffer): unknown {
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey.subarray(0, 32), payload.subarray(0, 12));
    decipher.setAAD(aad(personId, eventId));
    decipher.setAuthTag(payload.subarray(12, 28));
    const plaintext = Buffer.concat([decipher.update(payload.subarray(28)), decipher.final()]).toString(
      'utf8',
    );
    return JSON.parse(plaintext) as unknown;
  } catch {
    throw new PersonalDataError(
      `an encrypted field of person ${personId} in event ${eventId} does not decrypt: the stored ciphertext was altered or moved from another event (run verify)`,
    );
  }
}
