import { uuidV5 } from '@accord/contracts';
import { streamName } from '@accord/event-store';
import { referralDecider } from '@accord/intake-domain';

/** `intake.Referral-<caseId>`: the one stream type intake writes. */
export const referralStream = (caseId: string): string => streamName('intake', 'Referral', caseId);

export const REFERRAL_STREAM_PREFIX = 'intake.Referral-';

/**
 * The case id of a submission: derived from (agency, Idempotency-Key), so a retry, a concurrent
 * duplicate or a retry after a restart all land on the same stream, whose existence is the guard.
 */
export const caseIdFor = (agency: string, idempotencyKey: string): string =>
  uuidV5(`intake/referral/${agency}/${idempotencyKey}`);

/** Intake's write side: the referral decider over `intake.Referral-<caseId>`. */
export const referralWriteModel = { decider: referralDecider, stream: referralStream };
