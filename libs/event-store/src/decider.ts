import type { RecordedEvent } from './event-store.port';

/** A domain event as deciders see it: the type and its data (upcast to the latest schema on load). */
export interface DomainEvent {
  readonly type: string;
  readonly data: object;
  /** Defaults to 1 when appended. */
  readonly schemaVersion?: number;
}

/**
 * Three pure functions (ARCHITECTURE.md, "Write side"): no I/O, no clock, no randomness. Services
 * run them with libs/platform's `CommandRunner`, the one way a command is decided and appended.
 */
export interface Decider<Command, Event extends DomainEvent, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  readonly initialState: State;
}

/**
 * A stored event as a decider folds it: its type and (upcast) data. The command runner and whoever
 * replays a stream outside it (audit's state as of a moment) fold exactly the same thing.
 */
export const domainEventOf = <Event extends DomainEvent>(event: RecordedEvent): Event =>
  ({ type: event.type, data: event.data }) as unknown as Event;
