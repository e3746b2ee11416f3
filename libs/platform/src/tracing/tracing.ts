import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { useTracer } from '@accord/messaging';

/** Stops tracing: the spans still queued are sent first. */
export type StopTracing = () => Promise<void>;

/**
 * Turns OpenTelemetry traces on for this process: spans (HTTP in, each command, each event-store
 * append, the relay's publish, each Kafka consume) go in batches to the OTLP/HTTP (JSON) endpoint
 * `endpoint` (`/v1/traces` below it), named after the service. Off unless an endpoint is configured
 * (OTEL_EXPORTER_OTLP_ENDPOINT).
 */
export function startTracing(
  service: string,
  endpoint: string,
  options: { readonly scheduledDelayMillis?: number } = {},
): StopTracing {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'service.namespace': 'accord' }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }),
        scheduledDelayMillis: options.scheduledDelayMillis ?? 1_000,
      }),
    ],
  });
  useTracer(provider.getTracer('accord'));
  return async () => {
    useTracer(undefined);
    await provider.shutdown();
  };
}
