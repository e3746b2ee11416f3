import { randomUUID } from 'node:crypto';
import { currentCorrelationId, currentTraceparent } from '../logging/logger';
import type { Principal } from './principal';

/** The audit trail of a decision taken over HTTP (same shape as the event store's EventMetadata). */
export interface CommandMetadata {
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: string;
  readonly agency: string;
  readonly occurredAt: string;
  readonly traceparent?: string;
  readonly onBehalfOf?: string;
  readonly reason?: string;
  readonly ruleVersion?: string;
}

/**
 * Who decided (the verified caller), for which agency, when, in which request: copied onto every
 * event the command appends. `causationId` is the request's idempotency key when it has one, so a
 * retried request is recognised (`oncePerCausation`).
 */
export function commandMetadata(
  principal: Principal,
  extra: {
    causationId?: string;
    onBehalfOf?: string;
    reason?: string;
    ruleVersion?: string;
    now?: Date;
  } = {},
): CommandMetadata {
  const { causationId, now, ...rest } = extra;
  const traceparent = currentTraceparent();
  return {
    correlationId: currentCorrelationId() ?? randomUUID(),
    causationId: causationId ?? randomUUID(),
    actor: principal.sub,
    agency: principal.agency,
    occurredAt: (now ?? new Date()).toISOString(),
    ...(traceparent ? { traceparent } : {}),
    ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
  };
}
