import type { IHeaders } from 'kafkajs';

/**
 * CloudEvents 1.0 in Kafka binary mode: attributes travel as `ce_*` headers, the value is the
 * event's JSON data, the key is the case id (per-case order). A plain Kafka tool shows readable
 * JSON and these headers.
 */
export interface CloudEvent<T = unknown> {
  readonly id: string;
  /** `accord.referral.received.v1` */
  readonly type: string;
  /** `/accord/<service>` */
  readonly source: string;
  /** The case id. */
  readonly subject: string;
  /** ISO-8601 instant the event occurred. */
  readonly time: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly traceparent?: string;
  /**
   * Where the event sits in the global log (an Accord extension, header `accordposition`): what a
   * consumer records as heard, so a request carrying a consistency token can wait for it.
   */
  readonly position?: string;
  readonly data: T;
}

export const HEADER = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  time: 'ce_time',
  subject: 'ce_subject',
  contentType: 'content-type',
  correlationId: 'correlationid',
  causationId: 'causationid',
  traceparent: 'traceparent',
  position: 'accordposition',
} as const;

export interface KafkaRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

export function encodeCloudEvent(event: CloudEvent): KafkaRecord {
  const headers: Record<string, string> = {
    [HEADER.specversion]: '1.0',
    [HEADER.id]: event.id,
    [HEADER.type]: event.type,
    [HEADER.source]: event.source,
    [HEADER.time]: event.time,
    [HEADER.subject]: event.subject,
    [HEADER.contentType]: 'application/json',
  };
  if (event.correlationId) headers[HEADER.correlationId] = event.correlationId;
  if (event.causationId) headers[HEADER.causationId] = event.causationId;
  if (event.traceparent) headers[HEADER.traceparent] = event.traceparent;
  if (event.position) headers[HEADER.position] = event.position;
  return { key: event.subject, value: JSON.stringify(event.data), headers };
}

export class EnvelopeError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`not a CloudEvents 1.0 message: ${problems.join('; ')}`);
    this.name = 'EnvelopeError';
  }
}

export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) decoded[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return decoded;
}

/** Reads a CloudEvent back; every missing attribute or unreadable value is named at once. */
export function decodeCloudEvent(headers: Record<string, string>, value: Buffer | string | null): CloudEvent {
  const problems: string[] = [];
  const required = (name: string): string => {
    const found = headers[name];
    if (!found) problems.push(`header ${name} is missing`);
    return found ?? '';
  };
  if (headers[HEADER.specversion] !== '1.0')
    problems.push(
      `header ${HEADER.specversion} must be "1.0", got ${JSON.stringify(headers[HEADER.specversion] ?? null)}`,
    );
  const id = required(HEADER.id);
  const type = required(HEADER.type);
  const source = required(HEADER.source);
  const subject = required(HEADER.subject);
  const time = required(HEADER.time);
  const contentType = headers[HEADER.contentType];
  if (contentType && !contentType.startsWith('application/json'))
    problems.push(`content-type must be application/json, got ${contentType}`);
  let data: unknown = null;
  const text = value === null ? '' : value.toString();
  try {
    data = JSON.parse(text);
  } catch (error) {
    problems.push(`value is not JSON (${(error as Error).message})`);
  }
  if (problems.length > 0) throw new EnvelopeError(problems);
  return {
    id,
    type,
    source,
    subject,
    time,
    data,
    ...(headers[HEADER.correlationId] ? { correlationId: headers[HEADER.correlationId] } : {}),
    ...(headers[HEADER.causationId] ? { causationId: headers[HEADER.causationId] } : {}),
    ...(headers[HEADER.traceparent] ? { traceparent: headers[HEADER.traceparent] } : {}),
  };
}
