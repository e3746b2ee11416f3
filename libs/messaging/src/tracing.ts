import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Tracer,
} from '@opentelemetry/api';

export { SpanKind };

/** W3C trace context: `00-<trace id>-<parent span id>-<flags>`. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

let tracer: Tracer | undefined;

/**
 * Turns spans on (a tracer from the OpenTelemetry SDK, libs/platform's startTracing) or off
 * (undefined: the default). Off, every step passes its parent's traceparent on unchanged.
 */
export function useTracer(next: Tracer | undefined): void {
  tracer = next;
}

/** One step of a trace: its traceparent goes on to what the step causes; `end` closes it. */
export interface TraceStep {
  readonly traceparent: string | undefined;
  end(outcome?: { readonly error?: unknown; readonly attributes?: Attributes }): void;
}

/**
 * A span as a child of `parent` (a traceparent carried in a header, an event's metadata or a
 * command's), so the trace crosses HTTP, the event store and Kafka without a context manager: the
 * traceparent travels with the work, and every hop starts its span from it.
 */
export function startSpan(
  name: string,
  kind: SpanKind,
  parent: string | undefined,
  attributes: Attributes = {},
): TraceStep {
  if (!tracer) return { traceparent: parent, end: () => undefined };
  const match = parent ? TRACEPARENT.exec(parent) : null;
  const parentContext = match
    ? trace.setSpanContext(ROOT_CONTEXT, {
        traceId: match[1] as string,
        spanId: match[2] as string,
        traceFlags: parseInt(match[3] as string, 16),
        isRemote: true,
      })
    : ROOT_CONTEXT;
  const span = tracer.startSpan(name, { kind, attributes }, parentContext);
  const { traceId, spanId, traceFlags } = span.spanContext();
  return {
    traceparent: `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}`,
    end(outcome = {}) {
      if (outcome.attributes) span.setAttributes(outcome.attributes);
      if (outcome.error !== undefined) {
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: outcome.error instanceof Error ? outcome.error.message : String(outcome.error),
        });
      }
      span.end();
    },
  };
}

/** `work` inside a span (see startSpan), handed the span's traceparent; an error marks the span. */
export async function inSpan<T>(
  name: string,
  kind: SpanKind,
  parent: string | undefined,
  attributes: Attributes,
  work: (traceparent: string | undefined) => Promise<T>,
): Promise<T> {
  const step = startSpan(name, kind, parent, attributes);
  try {
    const result = await work(step.traceparent);
    step.end();
    return result;
  } catch (error) {
    step.end({ error });
    throw error;
  }
}

/** The trace id of a traceparent (what logs and case-history entries show), if it is one. */
export const traceIdOf = (traceparent: string | undefined): string | undefined =>
  traceparent ? TRACEPARENT.exec(traceparent)?.[1] : undefined;
