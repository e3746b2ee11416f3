import { conferenceDecider } from '@accord/conferencing-domain';
import { streamName } from '@accord/event-store';

/** `conferencing.Conference-<caseId>`: the one stream type conferencing writes. */
export const conferenceStream = (caseId: string): string => streamName('conferencing', 'Conference', caseId);

export const CONFERENCE_STREAM_PREFIX = 'conferencing.Conference-';

/** Conferencing's write side: the conference decider over `conferencing.Conference-<caseId>`. */
export const conferenceWriteModel = { decider: conferenceDecider, stream: conferenceStream };
