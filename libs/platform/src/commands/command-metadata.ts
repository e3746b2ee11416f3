import { randomUUID } from 'node:crypto';
import { uuidV5, type CommandMetadata, type ServiceName } from '@accord/contracts';
import type { KafkaEventContext } from '@accord/messaging';
import type { Principal } from '../auth/principal';
import { currentCorrelationId, currentTraceparent } from '../logging/logger';

/** What a command's maker may add to who-and-when: why, for whom, under which rule. */
export type MetadataExtra = Partial<
  Pick<CommandMetadata, 'agency' | 'onBehalfOf' | 'reason' | 'ruleVersion'>
>;

/** A timer as it fires (libs/scheduler's FiredTimer): the service that set it, for which case. */
export interface FiringTimer {
  readonly timerId: string;
  readonly service: string;
  readonly caseId: string;
  readonly firedAt: Date;
  readonly payload?: Readonly<Record<string, unknown>> | null;
}

const defined = (extra: MetadataExtra): MetadataExtra =>
  Object.fromEntries(Object.entries(extra).filter(([, value]) => value !== undefined && value !== ''));

const trace = (traceparent: string | undefined) => (traceparent ? { traceparent } : {});

/** A command sent over HTTP: the verified caller, for its agency, in the request's correlation and trace. */
export function requestMetadata(principal: Principal, extra: MetadataExtra = {}): CommandMetadata {
  return {
    actor: { id: principal.sub, roles: principal.roles },
    agency: principal.agency,
    ...defined(extra),
    now: new Date().toISOString(),
    correlationId: currentCorrelationId() ?? randomUUID(),
    causationId: randomUUID(),
    ...trace(currentTraceparent()),
  };
}

/** A command in reaction to a Kafka event: the service's own step, caused by the event, in its correlation and trace. */
export function reactionMetadata(
  context: KafkaEventContext,
  service: ServiceName,
  extra: MetadataExtra = {},
): CommandMetadata {
  const { event } = context;
  return {
    actor: { id: `system:${service}`, roles: [] },
    ...defined(extra),
    now: new Date().toISOString(),
    correlationId: event.correlationId ?? event.id,
    causationId: event.id,
    ...trace(event.traceparent),
  };
}

/**
 * A command a fired timer sends: the service's scheduler, caused by the timer (one cause per timer,
 * so a timer that fires again decides nothing new), in the correlation the timer was set in.
 */
export function timerMetadata(timer: FiringTimer, extra: MetadataExtra = {}): CommandMetadata {
  const correlationId = timer.payload?.['correlationId'];
  return {
    actor: { id: `system:${timer.service}-scheduler`, roles: [] },
    ...defined(extra),
    now: timer.firedAt.toISOString(),
    correlationId: typeof correlationId === 'string' ? correlationId : timer.caseId,
    causationId: uuidV5(`${timer.service}/timer/${timer.timerId}`),
  };
}
