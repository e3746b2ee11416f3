import { randomUUID } from 'node:crypto';
import {
  DATA_ACCESS_AGGREGATE,
  PERSONAL_DATA_READ,
  PERSONAL_DATA_READ_SCHEMA_VERSION,
  uuidV5,
  type PersonalDataReadV1,
  type PersonalDataReadV2,
} from '@accord/contracts';
import { streamName, type EventMetadata, type EventStore, type NewEvent } from '@accord/event-store';
import type { Logger } from 'pino';

/** One read of one case: who, through which endpoint, in which request. */
export interface CaseRead extends PersonalDataReadV1 {
  readonly correlationId: string;
  readonly traceparent?: string;
}

/** The repeats of a read within its window: counted here, appended as one event when it closes. */
interface ReadWindow {
  readonly read: PersonalDataReadV1;
  /** The id of the event that recorded the first read: the closing event's cause and id seed. */
  readonly openedBy: string;
  /** Settles once the first read is recorded; a repeat waits for it (it is the repeat's proof). */
  readonly opened: Promise<void>;
  readonly closesAt: number;
  repeats: number;
  firstRepeatAt: string;
  last: CaseRead & { readonly at: string };
}

export interface ReadWindowsOptions {
  readonly store: Pick<EventStore, 'appendToStream'>;
  readonly service: string;
  /** 0: every read is its own event. */
  readonly windowMs: number;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Hears each read recorded: appended at once, or counted in an open window. */
  readonly onRead?: (recorded: 'appended' | 'counted') => void;
}

/** Appends at most this many access events at once (an inbox may show a couple of hundred cases). */
const PARALLEL_APPENDS = 8;

/**
 * Beyond this many open windows a read is appended on its own: memory stays bounded whatever the
 * read load, and the log stays complete (only less compact).
 */
const MAX_OPEN_WINDOWS = 50_000;

/**
 * The access log of one service, coalescing repeats (docs/adr/0013-coalesced-access-log.md). The
 * first read of a case by an actor through an endpoint is appended before it is answered and opens
 * a window; later identical reads within the window are counted in memory and appended as one
 * `PersonalDataRead` when it closes (or when the service shuts down). A crash loses at most the
 * repeat counts of open windows, never the fact that someone read a case, when first, and how.
 */
export class ReadWindows {
  private readonly open = new Map<string, ReadWindow>();
  /** Closing events not yet stored (the store was down): retried on every sweep, same ids. */
  private closing: NewEvent<typeof PERSONAL_DATA_READ, PersonalDataReadV2>[] = [];
  private sweeping: Promise<void> | null = null;
  /** After `closeAll`, no window opens: a read answered while the service stops is its own event. */
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly options: ReadWindowsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Records the reads; rejects when a first read could not be stored (the caller must not answer). */
  async record(reads: readonly CaseRead[]): Promise<void> {
    const pending = [...reads];
    while (pending.length > 0) {
      await Promise.all(pending.splice(0, PARALLEL_APPENDS).map((read) => this.recordOne(read)));
    }
  }

  private async recordOne(read: CaseRead): Promise<void> {
    const now = this.now();
    const at = new Date(now).toISOString();
    const key = windowKey(read);
    const window = this.open.get(key);
    if (window && now < window.closesAt) {
      await window.opened;
      // Closed while this read waited: its count is already taken, so this read opens the next one.
      if (this.open.get(key) !== window) return this.recordOne(read);
      if (window.repeats === 0) window.firstRepeatAt = at;
      window.repeats += 1;
      window.last = { ...read, at };
      this.options.onRead?.('counted');
      return;
    }
    if (window) this.close(key, window);
    const event = readEvent(read, { reads: 1, firstReadAt: at, lastReadAt: at }, randomUUID(), {
      correlationId: read.correlationId,
      causationId: read.correlationId,
      traceparent: read.traceparent,
    });
    const opened = this.append(event).then(() => this.options.onRead?.('appended'));
    if (this.options.windowMs === 0 || this.closed || this.open.size >= MAX_OPEN_WINDOWS) return opened;
    const fresh: ReadWindow = {
      read: fieldsOf(read),
      openedBy: event.eventId,
      opened,
      closesAt: now + this.options.windowMs,
      repeats: 0,
      firstRepeatAt: at,
      last: { ...read, at },
    };
    this.open.set(key, fresh);
    try {
      await opened;
    } catch (error) {
      if (this.open.get(key) === fresh) this.open.delete(key);
      throw error;
    }
  }

  /** Closes the windows that are over and stores what they counted; the next sweep retries a failure. */
  sweep(): Promise<void> {
    this.sweeping ??= this.closeWindows((window) => window.closesAt <= this.now()).finally(() => {
      this.sweeping = null;
    });
    return this.sweeping;
  }

  /** Closes every window now (shutdown); says what could not be stored, which is then lost. */
  async closeAll(): Promise<void> {
    this.closed = true;
    await this.sweeping;
    await this.closeWindows(() => true);
    if (this.closing.length > 0) {
      this.options.logger.error(
        { lost: this.closing.map(({ data }) => data) },
        'repeat counts of personal-data reads could not be stored before shutdown and are lost',
      );
    }
  }

  /** Open windows, for /metrics and tests. */
  get openWindows(): number {
    return this.open.size;
  }

  /** Closed windows whose count is not stored yet (the store failed), for /metrics. */
  get unstoredWindows(): number {
    return this.closing.length;
  }

  private async closeWindows(over: (window: ReadWindow) => boolean): Promise<void> {
    for (const [key, window] of this.open) if (over(window)) this.close(key, window);
    const pending = this.closing;
    this.closing = [];
    const failed: typeof pending = [];
    while (pending.length > 0) {
      const batch = pending.splice(0, PARALLEL_APPENDS);
      const results = await Promise.allSettled(batch.map((event) => this.append(event)));
      results.forEach((result, i) => {
        const event = batch[i];
        if (result.status === 'rejected' && event) failed.push(event);
      });
    }
    if (failed.length > 0) {
      this.closing.push(...failed);
      this.options.logger.warn(
        { pending: this.closing.length },
        'could not store the repeat counts of closed access-log windows; retrying',
      );
    }
  }

  private close(key: string, window: ReadWindow): void {
    this.open.delete(key);
    if (window.repeats === 0) return;
    this.closing.push(
      readEvent(
        window.read,
        { reads: window.repeats, firstReadAt: window.firstRepeatAt, lastReadAt: window.last.at },
        // Derived, so a retry of a closing event whose first append did commit stores nothing new.
        uuidV5(`${window.openedBy}/repeats`),
        {
          correlationId: window.last.correlationId,
          causationId: window.openedBy,
          traceparent: window.last.traceparent,
        },
      ),
    );
  }

  private async append(event: NewEvent<typeof PERSONAL_DATA_READ, PersonalDataReadV2>): Promise<void> {
    await this.options.store.appendToStream(
      streamName(this.options.service, DATA_ACCESS_AGGREGATE, event.data.caseId),
      [event],
      { expectedVersion: 'any' },
    );
  }
}

const fieldsOf = (read: PersonalDataReadV1): PersonalDataReadV1 => ({
  caseId: read.caseId,
  endpoint: read.endpoint,
  actor: read.actor,
  agency: read.agency,
  roles: read.roles,
});

const windowKey = (read: PersonalDataReadV1): string =>
  JSON.stringify([read.caseId, read.endpoint, read.actor, read.agency, [...read.roles].sort()]);

function readEvent(
  read: PersonalDataReadV1,
  span: Pick<PersonalDataReadV2, 'reads' | 'firstReadAt' | 'lastReadAt'>,
  eventId: string,
  trail: Pick<EventMetadata, 'correlationId' | 'causationId'> & { readonly traceparent?: string | undefined },
): NewEvent<typeof PERSONAL_DATA_READ, PersonalDataReadV2> {
  return {
    eventId,
    type: PERSONAL_DATA_READ,
    schemaVersion: PERSONAL_DATA_READ_SCHEMA_VERSION,
    data: { ...fieldsOf(read), ...span },
    metadata: {
      correlationId: trail.correlationId,
      causationId: trail.causationId,
      actor: read.actor,
      agency: read.agency,
      occurredAt: span.lastReadAt,
      ...(trail.traceparent ? { traceparent: trail.traceparent } : {}),
    },
  };
}
