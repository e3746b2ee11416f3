import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while handling one request or one Kafka message carries. */
export interface LogContext {
  readonly correlationId: string;
  /** W3C trace context (`00-<trace>-<span>-<flags>`) of the request or the consumed event. */
  readonly traceparent?: string;
}

const store = new AsyncLocalStorage<LogContext>();

/** Runs `work` in a log context: an HTTP request (libs/platform) or a consumed Kafka message. */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return store.run(context, work);
}

export function currentLogContext(): LogContext | undefined {
  return store.getStore();
}
