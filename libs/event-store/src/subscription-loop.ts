import type {
  EventHandler,
  ReadAllFilter,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from './event-store.port';
import { InvalidEvent } from './errors';
import { GLOBAL_START, assertGlobalPosition, type GlobalPosition } from './global-position';

export interface ReadPage<Event = RecordedEvent> {
  readonly events: readonly Event[];
  /** Where the next read continues: at least the last event's position, further when a filter skipped events. */
  readonly position: GlobalPosition;
  /** True when the read reached the end of what is readable now. */
  readonly exhausted: boolean;
  /**
   * True when events exist that are committed but not yet readable (a slower transaction holds the
   * horizon back): they will be readable within moments, so poll again soon instead of sleeping.
   */
  readonly pending?: boolean;
}

const PENDING_RETRY_MS = 20;

export type PageReader = (
  after: GlobalPosition,
  limit: number,
  filter: ReadAllFilter | undefined,
) => Promise<ReadPage>;

/** Wake-ups remembered to answer `sleep(seen, …)` for a prefix; older ones count as concerning everyone. */
const RECENT_WAKES = 64;

/** Whether an append to streams starting with one of `prefixes` (undefined: any) concerns a reader of `prefix`. */
function concerns(prefixes: readonly string[] | undefined, prefix: string | undefined): boolean {
  if (prefixes === undefined || prefix === undefined) return true;
  return prefixes.some((appended) => prefix.startsWith(appended) || appended.startsWith(prefix));
}

/**
 * Wakes sleeping subscriptions when an append is announced. A generation counter closes the race
 * between "read found nothing" and "started waiting": a wake-up in between is not lost. An
 * announcement may name the stream prefixes appended to (`wake(['intake.'])`): a sleeper reading
 * other streams sleeps on, so one service's appends do not set every reader of every service
 * reading the log.
 */
export class Waker {
  private generation = 0;
  private readonly recent: Array<{ readonly generation: number; readonly prefixes?: readonly string[] }> = [];
  private readonly sleepers = new Set<{ readonly prefix?: string; readonly done: () => void }>();

  get current(): number {
    return this.generation;
  }

  wake(prefixes?: readonly string[]): void {
    this.generation++;
    this.recent.push({ generation: this.generation, ...(prefixes ? { prefixes } : {}) });
    if (this.recent.length > RECENT_WAKES) this.recent.shift();
    for (const sleeper of [...this.sleepers]) if (concerns(prefixes, sleeper.prefix)) sleeper.done();
  }

  /**
   * Resolves on a wake-up after `seen` that concerns streams starting with `prefix` (any wake-up
   * when undefined), after `ms`, or when `abort` is called — whichever comes first.
   */
  sleep(seen: number, ms: number, prefix?: string): { promise: Promise<void>; abort: () => void } {
    let abort: () => void = () => undefined;
    if (this.wokenSince(seen, prefix)) return { promise: Promise.resolve(), abort };
    const promise = new Promise<void>((resolve) => {
      const sleeper = {
        ...(prefix !== undefined ? { prefix } : {}),
        done: (): void => {
          clearTimeout(timer);
          this.sleepers.delete(sleeper);
          resolve();
        },
      };
      const timer = setTimeout(sleeper.done, ms);
      this.sleepers.add(sleeper);
      abort = sleeper.done;
    });
    return { promise, abort };
  }

  private wokenSince(seen: number, prefix: string | undefined): boolean {
    if (this.generation === seen) return false;
    const oldest = this.recent[0];
    // Wake-ups after `seen` that are no longer remembered might have concerned this reader.
    if (!oldest || oldest.generation > seen + 1) return true;
    return this.recent.some((woken) => woken.generation > seen && concerns(woken.prefixes, prefix));
  }
}

const MAX_CONSECUTIVE_READ_FAILURES = 5;

export function validateFilter(filter: ReadAllFilter | undefined): ReadAllFilter | undefined {
  if (filter === undefined) return undefined;
  if (
    filter.streamPrefix !== undefined &&
    (typeof filter.streamPrefix !== 'string' || filter.streamPrefix === '')
  ) {
    throw new InvalidEvent('filter.streamPrefix', 'must be a non-empty string, e.g. "screening."');
  }
  if (
    filter.types !== undefined &&
    (!Array.isArray(filter.types) || filter.types.some((type) => typeof type !== 'string'))
  ) {
    throw new InvalidEvent('filter.types', 'must be an array of event type names');
  }
  return filter.streamPrefix === undefined && filter.types === undefined ? undefined : filter;
}

export function matchesFilter(
  event: { readonly streamId: string; readonly type: string },
  filter: ReadAllFilter | undefined,
): boolean {
  if (!filter) return true;
  if (filter.streamPrefix !== undefined && !event.streamId.startsWith(filter.streamPrefix)) return false;
  if (filter.types !== undefined && !filter.types.includes(event.type)) return false;
  return true;
}

/** Catch-up-then-live subscription over any adapter that can read pages of the global log. */
export class PollingSubscription implements Subscription {
  readonly done: Promise<void>;
  private current: GlobalPosition;
  private live = false;
  private stopped = false;
  private inHandler = false;
  private abortSleep: () => void = () => undefined;

  constructor(
    options: SubscribeToAllOptions,
    private readonly handler: EventHandler,
    private readonly readPage: PageReader,
    private readonly waker: Waker,
    private readonly onFinished: (subscription: PollingSubscription) => void = () => undefined,
  ) {
    this.current = options.after === undefined ? GLOBAL_START : assertGlobalPosition(options.after, 'after');
    const filter = validateFilter(options.filter);
    const batchSize = options.batchSize ?? 500;
    const pollIntervalMs = options.pollIntervalMs ?? 1000;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1)
      throw new InvalidEvent('batchSize', 'must be a positive integer');
    this.done = this.run(filter, batchSize, pollIntervalMs, options.onError).finally(() =>
      this.onFinished(this),
    );
    // The failure is reported through onError and `done`; nobody awaiting `done` must not crash the process.
    this.done.catch(() => undefined);
  }

  get position(): GlobalPosition {
    return this.current;
  }

  get isLive(): boolean {
    return this.live;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abortSleep();
    // Awaiting our own loop from inside the handler would wait forever; the loop stops after it returns.
    if (this.inHandler) return;
    await this.done.catch(() => undefined);
  }

  private async run(
    filter: ReadAllFilter | undefined,
    batchSize: number,
    pollIntervalMs: number,
    onError: ((error: unknown) => void) | undefined,
  ): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const seen = this.waker.current;
      let page: ReadPage;
      try {
        page = await this.readPage(this.current, batchSize, filter);
        failures = 0;
      } catch (error) {
        failures++;
        if (failures >= MAX_CONSECUTIVE_READ_FAILURES || this.stopped) {
          this.stopped = true;
          onError?.(error);
          throw error;
        }
        await this.pause(this.waker.current, Math.min(pollIntervalMs * 2 ** failures, 30_000), filter);
        continue;
      }
      for (const event of page.events) {
        if (this.stopped) return;
        this.inHandler = true;
        try {
          await this.handler(event);
        } catch (error) {
          this.stopped = true;
          onError?.(error);
          throw error;
        } finally {
          this.inHandler = false;
        }
        this.current = event.globalPosition;
      }
      if (this.stopped) return;
      this.current = page.position;
      if (page.exhausted) {
        this.live = true;
        await this.pause(
          seen,
          page.pending ? Math.min(PENDING_RETRY_MS, pollIntervalMs) : pollIntervalMs,
          filter,
        );
      }
    }
  }

  private async pause(seen: number, ms: number, filter: ReadAllFilter | undefined): Promise<void> {
    if (this.stopped) return;
    const sleep = this.waker.sleep(seen, ms, filter?.streamPrefix);
    this.abortSleep = sleep.abort;
    await sleep.promise;
  }
}
