import { InvalidStreamName } from './errors';

/**
 * Stream names: `<service>.<Aggregate>-<caseId>`, e.g. `screening.Screening-7f3c…`.
 * The caseId is everything after the first '-' that follows the service prefix — the service part
 * itself may contain '-' (`follow-up.FollowUp-<caseId>`), so the split starts after the first '.'.
 */
export interface StreamNameParts {
  readonly service: string;
  readonly aggregate: string;
  readonly caseId: string;
}

const SERVICE = /^[a-z][a-z0-9-]*$/;
const AGGREGATE = /^[A-Z][A-Za-z0-9]*$/;
const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/** Any stream id the store accepts: printable, no spaces or quotes, so it is safe in logs, URLs and JSON. */
const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:@+-]*$/;
export const MAX_STREAM_ID_LENGTH = 200;

export function streamName(service: string, aggregate: string, caseId: string): string {
  if (!SERVICE.test(service))
    throw new InvalidStreamName(
      `${service}.${aggregate}-${caseId}`,
      `service ${JSON.stringify(service)} must be lower-case kebab (e.g. "follow-up")`,
    );
  if (!AGGREGATE.test(aggregate))
    throw new InvalidStreamName(
      `${service}.${aggregate}-${caseId}`,
      `aggregate ${JSON.stringify(aggregate)} must be PascalCase without '-' (e.g. "Screening")`,
    );
  if (!CASE_ID.test(caseId))
    throw new InvalidStreamName(
      `${service}.${aggregate}-${caseId}`,
      `caseId ${JSON.stringify(caseId)} must be letters, digits, '-' or '_' (e.g. a UUID)`,
    );
  const name = `${service}.${aggregate}-${caseId}`;
  assertStreamId(name);
  return name;
}

export function parseStreamName(name: string): StreamNameParts {
  const dot = name.indexOf('.');
  if (dot <= 0)
    throw new InvalidStreamName(name, 'expected <service>.<Aggregate>-<caseId>: no "." after the service');
  const service = name.slice(0, dot);
  const rest = name.slice(dot + 1);
  const dash = rest.indexOf('-');
  if (dash <= 0)
    throw new InvalidStreamName(name, 'expected <service>.<Aggregate>-<caseId>: no "-" after the aggregate');
  const aggregate = rest.slice(0, dash);
  const caseId = rest.slice(dash + 1);
  if (!SERVICE.test(service) || !AGGREGATE.test(aggregate) || !CASE_ID.test(caseId)) {
    throw new InvalidStreamName(
      name,
      'expected <service>.<Aggregate>-<caseId> with a kebab-case service, a PascalCase aggregate and a caseId of letters, digits, "-" or "_"',
    );
  }
  return { service, aggregate, caseId };
}

export function caseIdOf(name: string): string {
  return parseStreamName(name).caseId;
}

/** Prefix for `readAll`/`subscribeToAll` filters: every stream of a service, or of one of its aggregates. */
export function streamPrefix(service: string, aggregate?: string): string {
  if (!SERVICE.test(service)) throw new InvalidStreamName(service, 'service must be lower-case kebab');
  if (aggregate === undefined) return `${service}.`;
  if (!AGGREGATE.test(aggregate))
    throw new InvalidStreamName(`${service}.${aggregate}`, 'aggregate must be PascalCase without "-"');
  return `${service}.${aggregate}-`;
}

export function assertStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || streamId.length === 0)
    throw new InvalidStreamName(String(streamId), 'must be a non-empty string');
  if (streamId.length > MAX_STREAM_ID_LENGTH)
    throw new InvalidStreamName(streamId, `must be at most ${MAX_STREAM_ID_LENGTH} characters`);
  if (!STREAM_ID.test(streamId))
    throw new InvalidStreamName(
      streamId,
      'may contain only letters, digits and . _ : @ + - (and must start with a letter or digit)',
    );
}
