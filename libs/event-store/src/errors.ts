import type { ExpectedVersion, StreamState } from './event-store.port';

export type EventStoreErrorCode =
  | 'WRONG_EXPECTED_VERSION'
  | 'EVENT_ID_CONFLICT'
  | 'INVALID_EVENT'
  | 'INVALID_STREAM_NAME'
  | 'PERSONAL_DATA'
  | 'IMMUTABLE'
  | 'CONFIGURATION';

/** Base of every error the event store throws on purpose; `code` is stable, messages say what to do. */
export class EventStoreError extends Error {
  constructor(
    readonly code: EventStoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

const describeState = (state: ExpectedVersion): string =>
  typeof state === 'number' ? `version ${state}` : state;

/** Someone appended to the stream since the caller read it: reload, decide again, retry. */
export class WrongExpectedVersion extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: StreamState,
  ) {
    super(
      'WRONG_EXPECTED_VERSION',
      `stream ${streamId} is at ${describeState(actual)}, but the append expected ${describeState(expected)}: reload the stream, decide again and retry`,
    );
  }
}

/** An event id is already stored with different content, or at a place this append cannot be a retry of. */
export class EventIdConflict extends EventStoreError {
  constructor(
    readonly eventId: string,
    readonly storedIn: { readonly streamId: string; readonly streamVersion: number } | null,
    readonly attemptedStreamId: string,
    detail: string,
  ) {
    super(
      'EVENT_ID_CONFLICT',
      `event id ${eventId} is already stored${storedIn ? ` in ${storedIn.streamId} at version ${storedIn.streamVersion}` : ''} and cannot be appended to ${attemptedStreamId}: ${detail}; a retry must send identical events, a new event needs a new id`,
    );
  }
}

/** The event (or the call) is malformed; `field` names what is wrong. */
export class InvalidEvent extends EventStoreError {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super('INVALID_EVENT', `${field}: ${problem}`);
  }
}

export class InvalidStreamName extends EventStoreError {
  constructor(
    readonly streamId: string,
    problem: string,
  ) {
    super('INVALID_STREAM_NAME', `stream name ${JSON.stringify(streamId)}: ${problem}`);
  }
}

/** Personal data could not be protected or revealed (no master key, wrong master key, tampered ciphertext). */
export class PersonalDataError extends EventStoreError {
  constructor(message: string) {
    super('PERSONAL_DATA', message);
  }
}

export class EventStoreConfigError extends EventStoreError {
  constructor(message: string) {
    super('CONFIGURATION', message);
  }
}
