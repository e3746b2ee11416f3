import { caseStream } from '@accord/platform';
import { screeningDecider } from '@accord/screening-domain';

/** `screening.Screening-<caseId>`: every screening decision on one case, in order. */
export const screeningStream = caseStream('screening').of;

export const SCREENING_STREAM_PREFIX = caseStream('screening').prefix;

/** Screening's write side: the screening decider over `screening.Screening-<caseId>`. */
export const screeningWriteModel = { decider: screeningDecider, stream: screeningStream };
