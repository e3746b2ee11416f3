import { CASE_SERVICES, DATA_ACCESS_AGGREGATE, type CaseService } from '@accord/contracts';
import { streamName } from '@accord/event-store';
import { caseStream } from '@accord/platform';

export { CASE_SERVICES, type CaseService };

export interface CaseStream {
  readonly service: CaseService;
  readonly streamId: string;
}

/**
 * The streams that hold a case, one per service that works on it (the service manifest declares them).
 * Audit reads these by name (`readStream`), not by scanning the whole log for a case id: a case's
 * history costs five reads however large the log grows.
 */
export function caseStreams(caseId: string): CaseStream[] {
  return CASE_SERVICES.map((service) => ({
    service,
    streamId: caseStream(service).of(caseId),
  }));
}

/** The streams in which each service records the reads of the case's personal data it served. */
export function accessStreams(caseId: string): CaseStream[] {
  return CASE_SERVICES.map((service) => ({
    service,
    streamId: streamName(service, DATA_ACCESS_AGGREGATE, caseId),
  }));
}

/** The service a stream belongs to: the part of its name before the first '.'. */
export function serviceOfStream(streamId: string): string {
  const dot = streamId.indexOf('.');
  return dot > 0 ? streamId.slice(0, dot) : streamId;
}
