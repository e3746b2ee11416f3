/**
 * What a fold needs of a stored event (a RecordedEvent fits). Data is typed per event type inside
 * each fold: it was validated when it was written, but audit reads years of history across schema
 * versions, so folds read it defensively and skip event types they do not know rather than fail.
 */
export interface FoldEvent {
  readonly type: string;
  readonly data: object;
  readonly recordedAt: string;
}

/** Folds an event list into a view; `null` when the stream had no events by then. */
export function foldWith<S>(
  events: readonly FoldEvent[],
  initial: S,
  evolve: (state: S, event: FoldEvent) => S,
): S | null {
  return events.length === 0 ? null : events.reduce(evolve, initial);
}

/** The event's data as the shape its type promises, every field possibly missing. */
export const dataOf = <T>(event: FoldEvent): Partial<T> => event.data as Partial<T>;
