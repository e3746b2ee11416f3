import { streamName } from '@accord/event-store';
import { screeningDecider } from '@accord/screening-domain';

/** `screening.Screening-<caseId>`: every screening decision on one case, in order. */
export const screeningStream = (caseId: string): string => streamName('screening', 'Screening', caseId);

export const SCREENING_STREAM_PREFIX = 'screening.Screening-';

/** Screening's write side: the screening decider over `screening.Screening-<caseId>`. */
export const screeningWriteModel = { decider: screeningDecider, stream: screeningStream };
