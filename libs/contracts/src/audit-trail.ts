import { SERVICE_NAMES, SERVICES, type ServiceName } from './service-manifest';

/** The services that keep a per-case stream (a `caseAggregate` in the manifest). */
export type CaseService = {
  [S in ServiceName]: (typeof SERVICES)[S] extends { readonly caseAggregate: string } ? S : never;
}[ServiceName];

const hasCaseStream = (service: ServiceName): service is CaseService => 'caseAggregate' in SERVICES[service];

export const CASE_SERVICES: readonly CaseService[] = SERVICE_NAMES.filter(hasCaseStream);

/**
 * The per-case streams of the event store, one per service that works on a case: stream
 * `<service>.<Aggregate>-<caseId>`, as the manifest declares them. Audit reads a case by these
 * names (one read per service, however large the log grows).
 */
export const CASE_AGGREGATES = Object.fromEntries(
  CASE_SERVICES.map((service) => [service, SERVICES[service].caseAggregate]),
) as { readonly [S in CaseService]: (typeof SERVICES)[S]['caseAggregate'] };

/**
 * The access log: each service that serves a case's personal data records those reads in its own
 * stream `<service>.DataAccess-<caseId>` (hash-chained and sealed like every other event), and audit
 * shows them in the case's history. Repeated reads of one case by one actor through one endpoint
 * are coalesced into few events (docs/adr/0013-coalesced-access-log.md).
 */
export const DATA_ACCESS_AGGREGATE = 'DataAccess';

export const PERSONAL_DATA_READ = 'PersonalDataRead';

/** `PersonalDataRead` v1: one read. Who is in the metadata too (actor, agency, correlationId); the time is the store's. */
export interface PersonalDataReadV1 {
  readonly caseId: string;
  /** Method and route pattern, e.g. `GET /api/cases/:caseId/consent`. */
  readonly endpoint: string;
  readonly actor: string;
  readonly agency: string;
  readonly roles: readonly string[];
}

/**
 * `PersonalDataRead` v2: `reads` reads of the case by one actor (with these roles) through one
 * endpoint, the first at `firstReadAt` and the last at `lastReadAt`. No read is counted in two
 * events, so a case's reads are the sum of `reads` over its events.
 */
export interface PersonalDataReadV2 extends PersonalDataReadV1 {
  /** ≥ 1. */
  readonly reads: number;
  /** ISO-8601 instant of the first read this event counts. */
  readonly firstReadAt: string;
  /** ISO-8601 instant of the last read this event counts (`firstReadAt` when `reads` is 1). */
  readonly lastReadAt: string;
}

export const PERSONAL_DATA_READ_SCHEMA_VERSION = 2;

/** What a reader of the access log needs of a stored `PersonalDataRead`, whichever version. */
export interface StoredPersonalDataRead {
  readonly schemaVersion: number;
  readonly data: object;
  readonly recordedAt: string;
}

/**
 * Any stored `PersonalDataRead` as v2. A v1 event is one read at the time the store recorded it
 * (v1 carries no time of its own, so this is not an upcaster: it needs the event's `recordedAt`).
 */
export function personalDataReadV2(event: StoredPersonalDataRead): PersonalDataReadV2 {
  if (event.schemaVersion >= 2) return event.data as PersonalDataReadV2;
  const v1 = event.data as PersonalDataReadV1;
  return { ...v1, reads: 1, firstReadAt: event.recordedAt, lastReadAt: event.recordedAt };
}
