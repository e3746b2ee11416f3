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
 * The access log: each service that serves a case's personal data records every such read in its
 * own stream `<service>.DataAccess-<caseId>` (hash-chained and sealed like every other event), and
 * audit shows them in the case's history.
 */
export const DATA_ACCESS_AGGREGATE = 'DataAccess';

export const PERSONAL_DATA_READ = 'PersonalDataRead';

/** `PersonalDataRead` v1. Who is in the metadata too (actor, agency, correlationId); the time is the store's. */
export interface PersonalDataReadV1 {
  readonly caseId: string;
  /** Method and route pattern, e.g. `GET /api/cases/:caseId/consent`. */
  readonly endpoint: string;
  readonly actor: string;
  readonly agency: string;
  readonly roles: readonly string[];
}
