import { followUpDecider } from '@accord/follow-up-domain';
import { caseStream } from '@accord/platform';

/** `follow-up.FollowUp-<caseId>`: the one stream type follow-up writes. */
export const followUpStream = caseStream('follow-up').of;

export const FOLLOW_UP_STREAM_PREFIX = caseStream('follow-up').prefix;

/** Follow-up's write side: the follow-up decider over `follow-up.FollowUp-<caseId>`. */
export const followUpWriteModel = { decider: followUpDecider, stream: followUpStream };
