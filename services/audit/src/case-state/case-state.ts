import { conferenceDecider } from '@accord/conferencing-domain';
import { consentDecider } from '@accord/consent-domain';
import { domainEventOf, type DomainEvent, type RecordedEvent } from '@accord/event-store';
import { followUpDecider } from '@accord/follow-up-domain';
import { referralDecider } from '@accord/intake-domain';
import { notificationsDecider } from '@accord/notifications-domain';
import { screeningDecider } from '@accord/screening-domain';
import type { CaseStreamEvents } from '../case/case-reader';
import { CASE_SERVICES, type CaseService } from '../case/case-streams';

/** What replaying needs of a decider: the service's own `evolve`, from its `initialState`. */
interface Evolving<Event extends DomainEvent, State> {
  evolve(state: State, event: Event): State;
  readonly initialState: State;
}

/**
 * Folds a stream as the service's `CommandRunner` folds it before deciding (`domainEventOf` each
 * event), over events upcast by the store (no service
 * registers upcasters; one that does must have audit register the same). An event the decider
 * cannot fold is an error naming it: audit does not guess what the service would have made of it.
 */
function replay<Event extends DomainEvent, State>(
  service: CaseService,
  decider: Evolving<Event, State>,
  events: readonly RecordedEvent[],
): State {
  let state = decider.initialState;
  for (const event of events) {
    try {
      state = decider.evolve(state, domainEventOf<Event>(event));
    } catch (error) {
      throw new Error(
        `the ${service} decider cannot replay ${event.streamId} version ${event.streamVersion} (${event.type}): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
  return state;
}

/**
 * One decider per case stream (every service with a `caseAggregate` in the manifest): the
 * services' own (libs/domain/<service>), not a copy. A service that adds a case stream adds its
 * decider here, or audit does not compile.
 */
const REPLAY = {
  intake: (events) => replay('intake', referralDecider, events),
  screening: (events) => replay('screening', screeningDecider, events),
  consent: (events) => replay('consent', consentDecider, events),
  conferencing: (events) => replay('conferencing', conferenceDecider, events),
  'follow-up': (events) => replay('follow-up', followUpDecider, events),
  notifications: (events) => replay('notifications', notificationsDecider, events),
} satisfies { readonly [S in CaseService]: (events: readonly RecordedEvent[]) => unknown };

/** Each service's state of a case: the state of the decider the service decides with. */
export type ServiceStates = { readonly [S in CaseService]: ReturnType<(typeof REPLAY)[S]> };

/** Where a service's state was read from: which stream, up to which version. */
export interface StreamPoint {
  readonly streamId: string;
  readonly version: number;
  readonly lastRecordedAt: string;
}

export type ServiceState<State> =
  | {
      readonly stream: StreamPoint;
      /** The decider's state after the stream's events up to `stream.version`. */
      readonly state: State;
    }
  | {
      readonly stream: StreamPoint;
      readonly state: null;
      /**
       * Why this service's state cannot be shown: its decider cannot replay one of the events (e.g.
       * a type newer than this audit knows). The other services' states are still given.
       */
      readonly unreplayable: string;
    };

/** Per service, its state of the case, or null when it had recorded nothing about it. */
export type CaseState = { readonly [S in CaseService]: ServiceState<ServiceStates[S]> | null };

function serviceState<S extends CaseService>(
  service: S,
  streams: readonly CaseStreamEvents[],
): ServiceState<ServiceStates[S]> | null {
  const stream = streams.find((candidate) => candidate.service === service);
  const last = stream?.events[stream.events.length - 1];
  if (!stream || !last) return null;
  const point = { streamId: stream.streamId, version: last.streamVersion, lastRecordedAt: last.recordedAt };
  try {
    return { stream: point, state: REPLAY[service](stream.events) as ServiceStates[S] };
  } catch (error) {
    return {
      stream: point,
      state: null,
      unreplayable: error instanceof Error ? error.message : String(error),
    };
  }
}

/** The case as every service saw it, from each stream's events (as read, e.g. up to some moment). */
export function caseStateOf(streams: readonly CaseStreamEvents[]): CaseState {
  return Object.fromEntries(
    CASE_SERVICES.map((service) => [service, serviceState(service, streams)]),
  ) as unknown as CaseState;
}
