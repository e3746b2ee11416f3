import { uuidV5 } from '@accord/contracts';
import { referralDecider } from '@accord/intake-domain';
import { caseStream } from '@accord/platform';

/** `intake.Referral-<caseId>`: the one stream type intake writes. */
export const referralStream = caseStream('intake').of;

export const REFERRAL_STREAM_PREFIX = caseStream('intake').prefix;

/**
 * The case id of a submission: derived from (agency, Idempotency-Key), so a retry, a concurrent
 * duplicate or a retry after a restart all land on the same stream, whose existence is the guard.
 */
export const caseIdFor = (agency: string, idempotencyKey: string): string =>
  uuidV5(`intake/referral/${agency}/${idempotencyKey}`);

/** Intake's write side: the referral decider over `intake.Referral-<caseId>`. */
export const referralWriteModel = { decider: referralDecider, stream: referralStream };
