import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStore, RecordedEvent, StreamState } from './event-store.port';
import { InvalidEvent, WrongExpectedVersion } from './errors';
import type { GlobalPosition } from './global-position';

/** A domain event as deciders see it: the type and its data (upcast to the latest schema on load). */
export interface DomainEvent {
  readonly type: string;
  readonly data: object;
  /** Defaults to 1 when appended. */
  readonly schemaVersion?: number;
}

/** Three pure functions (ARCHITECTURE.md, "Write side"): no I/O, no clock, no randomness. */
export interface Decider<Command, Event extends DomainEvent, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  readonly initialState: State;
}

export interface HandleCommandOptions<Event extends DomainEvent> {
  /** Copied onto every appended event. */
  readonly metadata: EventMetadata;
  /**
   * Ids for the decided events. Pass them (e.g. UUID v5 of the incoming message id and handler
   * name) to make a redelivered command append nothing new; random UUIDs otherwise.
   */
  readonly eventIds?: readonly string[] | ((index: number, event: Event) => string);
  /**
   * Retry on WrongExpectedVersion by reloading and deciding again. Only safe when deciding again
   * on newer state is what the caller wants (true = 3 retries).
   */
  readonly retryOnConflict?: boolean | number;
  /**
   * Handle each cause once per stream: when the stream already holds an event caused by
   * `metadata.causationId` (a redelivered message, a retried request with the same idempotency
   * key), nothing is decided or appended and the result says `duplicate: true`.
   */
  readonly oncePerCausation?: boolean;
  /** Maps a stored event to the decider's event type; default `{ type, data }`. */
  readonly fromRecorded?: (event: RecordedEvent) => Event;
}

export interface HandleCommandResult<Event extends DomainEvent, State> {
  /** The events decided and appended (empty when the decider decided nothing). */
  readonly newEvents: readonly Event[];
  /** State after the new events. */
  readonly state: State;
  readonly nextExpectedVersion: StreamState;
  readonly positions: readonly GlobalPosition[];
  /** True when `oncePerCausation` found the cause already handled. */
  readonly duplicate?: boolean;
}

/**
 * A stored event as a decider sees it when no `fromRecorded` is given: its type and (upcast) data.
 * Exported so that whoever replays a stream outside a handler (audit) folds exactly what it folded.
 */
export const defaultFromRecorded = <Event extends DomainEvent>(event: RecordedEvent): Event =>
  ({ type: event.type, data: event.data }) as unknown as Event;

/**
 * The four steps of every command handler: load the stream, fold `evolve`, `decide`, append with
 * the expected version. Domain errors thrown by `decide` propagate unchanged.
 */
export async function handleCommand<Command, Event extends DomainEvent, State>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  options: HandleCommandOptions<Event>,
): Promise<HandleCommandResult<Event, State>> {
  const retries =
    options.retryOnConflict === true
      ? 3
      : typeof options.retryOnConflict === 'number'
        ? options.retryOnConflict
        : 0;
  const fromRecorded = options.fromRecorded ?? defaultFromRecorded<Event>;
  for (let attempt = 0; ; attempt++) {
    const history = await store.readStream(streamId);
    const last = history[history.length - 1];
    const expectedVersion: StreamState = last ? last.streamVersion : 'no-stream';
    const state = history.reduce(
      (current, event) => decider.evolve(current, fromRecorded(event)),
      decider.initialState,
    );
    if (
      options.oncePerCausation &&
      history.some((event) => event.metadata.causationId === options.metadata.causationId)
    ) {
      return { newEvents: [], state, nextExpectedVersion: expectedVersion, positions: [], duplicate: true };
    }
    const decided = decider.decide(command, state);
    const newState = decided.reduce(decider.evolve, state);
    if (decided.length === 0)
      return { newEvents: [], state, nextExpectedVersion: expectedVersion, positions: [] };
    const ids = eventIdsFor(decided, options.eventIds);
    try {
      const result = await store.appendToStream(
        streamId,
        decided.map((event, index) => ({
          eventId: ids[index] as string,
          type: event.type,
          schemaVersion: event.schemaVersion ?? 1,
          data: event.data,
          metadata: options.metadata,
        })),
        { expectedVersion },
      );
      return {
        newEvents: decided,
        state: newState,
        nextExpectedVersion: result.nextExpectedVersion,
        positions: result.positions,
      };
    } catch (error) {
      if (error instanceof WrongExpectedVersion && attempt < retries) continue;
      throw error;
    }
  }
}

function eventIdsFor<Event extends DomainEvent>(
  events: readonly Event[],
  ids: HandleCommandOptions<Event>['eventIds'],
): string[] {
  if (ids === undefined) return events.map(() => randomUUID());
  if (typeof ids === 'function') return events.map((event, index) => ids(index, event));
  if (ids.length !== events.length) {
    throw new InvalidEvent(
      'eventIds',
      `${ids.length} id(s) given for ${events.length} decided event(s): pass one per event, or a function`,
    );
  }
  return [...ids];
}
