export interface EventuallyOptions {
  /** Give up after this long (ms). */
  readonly timeout?: number;
  /** Wait between attempts (ms). */
  readonly interval?: number;
}

/**
 * Polls `probe` until it stops throwing (or returns something other than `false`), then returns its
 * result. Tests wait for a condition with this, never with a fixed sleep. On timeout the last
 * error is rethrown, so the failure says what was still wrong.
 */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  options: EventuallyOptions | number = {},
): Promise<Exclude<T, false>> {
  const { timeout = 10_000, interval = 50 } = typeof options === 'number' ? { timeout: options } : options;
  const deadline = Date.now() + timeout;
  let lastError: unknown = new Error('condition never held');
  for (;;) {
    try {
      const result = await probe();
      if (result !== false) return result as Exclude<T, false>;
      lastError = new Error('condition returned false');
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      const failure = new Error(`eventually: not satisfied within ${timeout} ms: ${reason}`);
      if (lastError instanceof Error) failure.stack = `${failure.message}\n${lastError.stack ?? ''}`;
      throw failure;
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, interval));
  }
}
