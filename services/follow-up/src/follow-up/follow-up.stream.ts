import { streamName } from '@accord/event-store';
import { followUpDecider } from '@accord/follow-up-domain';

/** `follow-up.FollowUp-<caseId>`: the one stream type follow-up writes. */
export const followUpStream = (caseId: string): string => streamName('follow-up', 'FollowUp', caseId);

export const FOLLOW_UP_STREAM_PREFIX = 'follow-up.FollowUp-';

/** Follow-up's write side: the follow-up decider over `follow-up.FollowUp-<caseId>`. */
export const followUpWriteModel = { decider: followUpDecider, stream: followUpStream };
