import { randomUUID } from 'node:crypto';
import { ForbiddenException } from '@nestjs/common';
import { uuidV5 } from '@accord/contracts';
import { streamName, type EventMetadata } from '@accord/event-store';
import { currentCorrelationId, type Principal } from '@accord/platform';

/** `intake.Referral-<caseId>`: the one stream type intake writes. */
export const referralStream = (caseId: string): string => streamName('intake', 'Referral', caseId);

export const REFERRAL_STREAM_PREFIX = 'intake.Referral-';

/**
 * The case id of a submission: derived from (agency, Idempotency-Key), so a retry, a concurrent
 * duplicate or a retry after a restart all land on the same stream, whose existence is the guard.
 */
export const caseIdFor = (agency: string, idempotencyKey: string): string =>
  uuidV5(`intake/referral/${agency}/${idempotencyKey}`);

/** Audit metadata of an event decided on an HTTP request. */
export function requestMetadata(principal: Principal, now: string, reason?: string): EventMetadata {
  const correlationId = currentCorrelationId() ?? randomUUID();
  return {
    correlationId,
    causationId: randomUUID(),
    actor: principal.sub,
    agency: principal.agency,
    occurredAt: now,
    ...(reason ? { reason } : {}),
  };
}

/** Auditors read everything and change nothing, whatever other roles their token carries. */
export function assertMayWrite(principal: Principal): void {
  if (principal.roles.includes('auditor')) {
    throw new ForbiddenException('auditors have read-only access: this request changes a case');
  }
}
