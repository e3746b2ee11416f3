import { streamName } from '@accord/event-store';

/**
 * The streams that hold a case, one per service that works on it. Audit reads these by name
 * (`readStream`), not by scanning the whole log for a case id: a case's history costs five reads
 * however large the log grows. A service that adds a stream type per case adds it here.
 */
export const CASE_STREAM_TYPES = [
  { service: 'intake', aggregate: 'Referral' },
  { service: 'screening', aggregate: 'Screening' },
  { service: 'consent', aggregate: 'Consent' },
  { service: 'conferencing', aggregate: 'Conference' },
  { service: 'follow-up', aggregate: 'FollowUp' },
] as const;

export type CaseService = (typeof CASE_STREAM_TYPES)[number]['service'];

export const CASE_SERVICES: readonly CaseService[] = CASE_STREAM_TYPES.map((type) => type.service);

export interface CaseStream {
  readonly service: CaseService;
  readonly streamId: string;
}

export function caseStreams(caseId: string): CaseStream[] {
  return CASE_STREAM_TYPES.map(({ service, aggregate }) => ({
    service,
    streamId: streamName(service, aggregate, caseId),
  }));
}

/** The service a stream belongs to: the part of its name before the first '.'. */
export function serviceOfStream(streamId: string): string {
  const dot = streamId.indexOf('.');
  return dot > 0 ? streamId.slice(0, dot) : streamId;
}
