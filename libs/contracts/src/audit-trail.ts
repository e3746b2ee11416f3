import type { ServiceName } from './services';

/**
 * The per-case streams of the event store, one per service that works on a case: stream
 * `<service>.<Aggregate>-<caseId>`. Audit reads a case by these names (five reads, however large
 * the log grows); a service that adds a per-case stream type adds it here.
 */
export const CASE_AGGREGATES = {
  intake: 'Referral',
  screening: 'Screening',
  consent: 'Consent',
  conferencing: 'Conference',
  'follow-up': 'FollowUp',
} as const satisfies Partial<Record<ServiceName, string>>;

export type CaseService = keyof typeof CASE_AGGREGATES;

export const CASE_SERVICES = Object.keys(CASE_AGGREGATES) as CaseService[];

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
