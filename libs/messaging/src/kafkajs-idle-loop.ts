/**
 * kafkajs 2.2.4 (the last release) spins while idle: after every check of a connection's queue of
 * requests waiting to be sent, `RequestQueue.scheduleCheckPendingRequests` sets a timer for
 * `throttledUntil - Date.now()` — negative when the broker never throttled, so Node fires it after
 * 1 ms — and that check schedules the next one. Every broker connection of every producer,
 * consumer and admin client wakes its process about a thousand times a second for nothing
 * (kafkajs issues #1556, #1604, #1704; fixes proposed in pull requests #1667 and #1768, never
 * released). Measured here: each idle service about 830 context switches and 45 ms of CPU a
 * second, on a 2-core machine with eight services.
 *
 * The replacement schedules a check only when it can matter: requests are waiting (at the
 * throttle's end, or after kafkajs's 10 ms), or the broker throttles this connection. With nothing
 * waiting and no throttle there is nothing to check: the next request, or the next response
 * freeing an in-flight slot, checks the queue itself (RequestQueue.push, fulfillRequest).
 * Applied to the one version it was read against; another version is left alone, and the unit
 * test names the version so an upgrade looks again.
 */

/** The part of kafkajs's RequestQueue this touches (kafkajs/src/network/requestQueue). */
export interface KafkajsRequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs's own CHECK_PENDING_REQUESTS_INTERVAL: how soon a waiting request is looked at again. */
const CHECK_PENDING_REQUESTS_MS = 10;
export const PATCHED_KAFKAJS_VERSION = '2.2.4';

export function scheduleCheckPendingRequests(this: KafkajsRequestQueue): void {
  if (this.throttleCheckTimeoutId) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  let delay: number;
  if (this.pending.length > 0) delay = untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_MS;
  else if (untilUnthrottled > 0) delay = untilUnthrottled;
  else return;
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, delay);
}

/** kafkajs's RequestQueue class (not part of its typed API). */
export function kafkajsRequestQueue(): { prototype: KafkajsRequestQueue } & (new (
  options: object,
) => KafkajsRequestQueue) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('kafkajs/src/network/requestQueue');
}

export function installedKafkajsVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('kafkajs/package.json') as { version: string }).version;
}

/** Puts the replacement in place, once; true when kafkajs is the version it was written for. */
export function stopKafkajsIdleLoop(): boolean {
  if (installedKafkajsVersion() !== PATCHED_KAFKAJS_VERSION) return false;
  kafkajsRequestQueue().prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  return true;
}
