import { ApiProblem } from './problem';

/**
 * Answers that mean "not yet" rather than "no": a 503 with Retry-After (a dependency, or a write
 * not visible yet), and follow-up's NO_AGREEMENT_YET — follow-up hears of an agreement from
 * conferencing a moment after the conference page shows it, and a case worker who acts in that
 * moment should not be told off for it.
 */
export function isNotYet(error: unknown): error is ApiProblem {
  return (
    error instanceof ApiProblem &&
    ((error.status === 503 && error.retryAfterSeconds !== undefined) ||
      (error.status === 409 && error.code === 'NO_AGREEMENT_YET'))
  );
}

/** How long, in total, a command waits for the service to catch up before the person is told. */
export const NOT_YET_PATIENCE_MS = 60_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `send()`, and while the answer is "not yet", sends it again after the server's Retry-After
 * (else 1 s, doubling, at most 8 s), for up to NOT_YET_PATIENCE_MS; `onWaiting(true)` meanwhile.
 * Any other answer (or the last "not yet") is the caller's to show. Commands carry their own ids or
 * are refused when repeated, so sending one again is safe.
 */
export async function sendOnceReady<T>(
  send: () => Promise<T>,
  onWaiting: (waiting: boolean) => void = () => undefined,
  patienceMs = NOT_YET_PATIENCE_MS,
  wait: (ms: number) => Promise<unknown> = pause,
): Promise<T> {
  let waited = 0;
  let delay = 1_000;
  for (;;) {
    try {
      return await send();
    } catch (error) {
      if (!isNotYet(error) || waited >= patienceMs) throw error;
      const next = Math.min(error.retryAfterSeconds ? error.retryAfterSeconds * 1_000 : delay, 8_000);
      onWaiting(true);
      await wait(next);
      waited += next;
      delay = Math.min(delay * 2, 8_000);
    }
  }
}
