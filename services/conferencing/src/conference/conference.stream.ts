import { randomUUID } from 'node:crypto';
import { ForbiddenException } from '@nestjs/common';
import { streamName, type EventMetadata } from '@accord/event-store';
import { currentCorrelationId, type Principal } from '@accord/platform';
import type { Actor } from '@accord/conferencing-domain';

/** `conferencing.Conference-<caseId>`: the one stream type conferencing writes. */
export const conferenceStream = (caseId: string): string => streamName('conferencing', 'Conference', caseId);

export const CONFERENCE_STREAM_PREFIX = 'conferencing.Conference-';

export const actorOf = (principal: Principal): Actor => ({
  id: principal.sub,
  agency: principal.agency,
  roles: principal.roles,
});

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
