import {
  EVENT_METADATA_KEYS,
  type AppendOptions,
  type EventMetadata,
  type ExpectedVersion,
  type NewEvent,
} from './event-store.port';
import { InvalidEvent } from './errors';
import { assertStreamId } from './stream-name';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const REQUIRED_METADATA = ['correlationId', 'causationId', 'actor', 'occurredAt'] as const;
const ALLOWED_METADATA = new Set<string>(EVENT_METADATA_KEYS);

export const MAX_EVENTS_PER_APPEND = 10_000;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function validateExpectedVersion(options: AppendOptions | undefined): ExpectedVersion {
  const expected = options?.expectedVersion;
  if (expected === 'any' || expected === 'no-stream') return expected;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return expected;
  throw new InvalidEvent(
    'expectedVersion',
    `must be a version ≥ 0, 'no-stream' or 'any', got ${JSON.stringify(expected)}`,
  );
}

function validateMetadata(metadata: unknown, at: string): EventMetadata {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new InvalidEvent(
      `${at}.metadata`,
      'must be an object with correlationId, causationId, actor and occurredAt',
    );
  }
  const record = metadata as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!ALLOWED_METADATA.has(key))
      throw new InvalidEvent(
        `${at}.metadata.${key}`,
        `is not an audit field; allowed: ${EVENT_METADATA_KEYS.join(', ')}`,
      );
    const value = record[key];
    if (value !== undefined && typeof value !== 'string')
      throw new InvalidEvent(`${at}.metadata.${key}`, 'must be a string');
  }
  for (const key of REQUIRED_METADATA) {
    const value = record[key];
    if (typeof value !== 'string' || value.trim() === '')
      throw new InvalidEvent(`${at}.metadata.${key}`, 'is required (a non-empty string)');
  }
  const occurredAt = record['occurredAt'] as string;
  if (!ISO_INSTANT.test(occurredAt) || Number.isNaN(Date.parse(occurredAt))) {
    throw new InvalidEvent(
      `${at}.metadata.occurredAt`,
      `must be an ISO-8601 instant such as 2025-01-31T09:30:00.000Z, got ${JSON.stringify(occurredAt)}`,
    );
  }
  return record as unknown as EventMetadata;
}

/** Checks every event before anything is written; ids come back lower-cased, as the database stores them. */
export function validateNewEvents(
  streamId: string,
  events: readonly NewEvent<string, object>[],
): NewEvent<string, object>[] {
  assertStreamId(streamId);
  if (!Array.isArray(events)) throw new InvalidEvent('events', 'must be an array');
  if (events.length > MAX_EVENTS_PER_APPEND)
    throw new InvalidEvent('events', `at most ${MAX_EVENTS_PER_APPEND} per append, got ${events.length}`);
  const seen = new Set<string>();
  // Events of one append usually share one metadata object: check it once.
  let checkedMetadata: unknown = undefined;
  return events.map((event, index) => {
    const at = `events[${index}]`;
    if (event === null || typeof event !== 'object') throw new InvalidEvent(at, 'must be an object');
    if (!isUuid(event.eventId))
      throw new InvalidEvent(`${at}.eventId`, `must be a UUID, got ${JSON.stringify(event.eventId)}`);
    const eventId = event.eventId.toLowerCase();
    if (seen.has(eventId)) throw new InvalidEvent(`${at}.eventId`, `${eventId} appears twice in one append`);
    seen.add(eventId);
    if (typeof event.type !== 'string' || !EVENT_TYPE.test(event.type)) {
      throw new InvalidEvent(
        `${at}.type`,
        `must start with a letter and use letters, digits, _ . : - (≤ 100 chars), got ${JSON.stringify(event.type)}`,
      );
    }
    if (!Number.isSafeInteger(event.schemaVersion) || event.schemaVersion < 1) {
      throw new InvalidEvent(
        `${at}.schemaVersion`,
        `must be an integer ≥ 1, got ${JSON.stringify(event.schemaVersion)}`,
      );
    }
    if (event.data === null || typeof event.data !== 'object' || Array.isArray(event.data)) {
      throw new InvalidEvent(`${at}.data`, 'must be a JSON object');
    }
    const metadata =
      event.metadata === checkedMetadata ? event.metadata : validateMetadata(event.metadata, at);
    checkedMetadata = event.metadata;
    return { eventId, type: event.type, schemaVersion: event.schemaVersion, data: event.data, metadata };
  });
}

/** JSON text the database cannot store (jsonb refuses NUL) is refused up front, with the field named. */
export function assertStorableJson(json: string, field: string): void {
  if (json.includes('\\u0000'))
    throw new InvalidEvent(field, 'contains a NUL character (\\u0000), which PostgreSQL jsonb cannot store');
}
