import { streamName } from '@accord/event-store';

/** `screening.Screening-<caseId>`: every screening decision on one case, in order. */
export const screeningStream = (caseId: string): string => streamName('screening', 'Screening', caseId);

export const SCREENING_STREAM_PREFIX = 'screening.Screening-';
