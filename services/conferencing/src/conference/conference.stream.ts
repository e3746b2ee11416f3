import { conferenceDecider } from '@accord/conferencing-domain';
import { caseStream } from '@accord/platform';

/** `conferencing.Conference-<caseId>`: the one stream type conferencing writes. */
export const conferenceStream = caseStream('conferencing').of;

export const CONFERENCE_STREAM_PREFIX = caseStream('conferencing').prefix;

/** Conferencing's write side: the conference decider over `conferencing.Conference-<caseId>`. */
export const conferenceWriteModel = { decider: conferenceDecider, stream: conferenceStream };
