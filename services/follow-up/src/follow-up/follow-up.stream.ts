import { randomUUID } from 'node:crypto';
import { ForbiddenException } from '@nestjs/common';
import { streamName, type EventMetadata } from '@accord/event-store';
import { currentCorrelationId, type Principal } from '@accord/platform';

/** `follow-up.FollowUp-<caseId>`: the one stream type follow-up writes. */
export const followUpStream = (caseId: string): string => streamName('follow-up', 'FollowUp', caseId);

export const FOLLOW_UP_STREAM_PREFIX = 'follow-up.FollowUp-';

export const SYSTEM_ACTOR = 'system:follow-up';

/** Audit metadata of an event decided on an HTTP request. */
export function requestMetadata(principal: Principal, now: string, reason?: string): EventMetadata {
  return {
    correlationId: currentCorrelationId() ?? randomUUID(),
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
