import { CASE_AGGREGATES, type CaseService } from '@accord/contracts';
import { streamName } from '@accord/event-store';

/** A service's per-case stream, named from its `caseAggregate` in the service manifest. */
export interface CaseStreamName {
  /** `<service>.<Aggregate>-<caseId>`. */
  readonly of: (caseId: string) => string;
  /** `<service>.<Aggregate>-`: every case's stream of that service. */
  readonly prefix: string;
}

export function caseStream(service: CaseService): CaseStreamName {
  const aggregate = CASE_AGGREGATES[service];
  return { of: (caseId) => streamName(service, aggregate, caseId), prefix: `${service}.${aggregate}-` };
}
