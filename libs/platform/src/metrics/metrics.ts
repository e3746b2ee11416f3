import { Controller, Get, Header, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { StoreGauges } from '@accord/event-store';
import type { MessagingMetrics } from '@accord/messaging';
import { Public } from '../auth/public';
import type { ParkedListener } from '../projections/projection-runner';

/** How often the event-loop delay is sampled (accord_nodejs_eventloop_lag_*). */
export const EVENT_LOOP_SAMPLE_MS = 50;

/** The service's Prometheus registry: process metrics plus HTTP request counts and latencies. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  /** Published, consumed (by outcome: handled, ignored, retried, dead-lettered) and relay lag. */
  readonly messaging: MessagingMetrics;
  readonly consumerLag: Gauge<'topic'>;
  /** Events a projection could not apply and set aside (see projections/parked-events.ts). */
  readonly projectionParked: Counter<'projection'>;
  /** Bearer tokens refused, by reason (see auth/token-verifier.ts RejectionReason). */
  readonly tokensRejected: Counter<'reason'>;
  /** Personal-data reads by how the access log recorded them: `appended` at once, or `counted` in a window. */
  readonly accessLogReads: Counter<'recorded'>;
  /** Set by the access log: its open windows and the closed windows' counts not stored yet, read at scrape time. */
  accessLogSource: (() => { readonly open: number; readonly unstored: number }) | undefined;
  /** For ProjectionRunner: counts what it parks. */
  readonly projections: ParkedListener;
  /** Set by the bootstrap for services that consume: reads the group's lag from the broker at scrape time. */
  lagSource: (() => Promise<Record<string, number>>) | undefined;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    // The event-loop delay histogram samples with a timer; prom-client's 10 ms default wakes an idle
    // service 100 times a second. Every 50 ms still sees any stall long enough to matter.
    collectDefaultMetrics({
      register: this.registry,
      prefix: 'accord_',
      eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS,
    });
    this.httpRequests = this.counter(
      'accord_http_requests_total',
      'HTTP requests served, by method, route and status code',
      ['method', 'route', 'status'],
    );
    this.httpDuration = new Histogram({
      name: 'accord_http_request_duration_seconds',
      help: 'HTTP request latency in seconds, by method and route',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.projectionParked = this.counter(
      'accord_projection_parked_events_total',
      'Events a read-model projection could not apply and parked (its stream waits for a rebuild)',
      ['projection'],
    );
    this.tokensRejected = this.counter(
      'accord_auth_token_rejected_total',
      'Bearer tokens refused (401), by reason',
      ['reason'],
    );
    this.projections = { parked: (projection) => this.projectionParked.inc({ projection }) };
    this.accessLogReads = this.counter(
      'accord_access_log_reads_total',
      'Reads of personal data recorded in the access log: appended (first of a window, or unwindowed) or counted (a repeat in an open window)',
      ['recorded'],
    );
    const accessLogWindows: Gauge<'state'> = this.gauge(
      'accord_access_log_windows',
      'Access-log windows of this replica: open (repeats counted in memory) or unstored (closed, count not stored yet: the store is failing)',
      ['state'],
      () => {
        const windows = this.accessLogSource?.();
        if (!windows) return;
        accessLogWindows.set({ state: 'open' }, windows.open);
        accessLogWindows.set({ state: 'unstored' }, windows.unstored);
      },
    );
    const published = this.counter('accord_kafka_published_total', 'Events the relay published, by topic', [
      'topic',
    ]);
    const consumed = this.counter(
      'accord_kafka_consumed_total',
      'Messages consumed, by topic, CloudEvents type and outcome (handled, ignored, retried, dead-lettered)',
      ['topic', 'type', 'outcome'],
    );
    const relayLag = this.gauge(
      'accord_relay_lag_events',
      'Events stored by this service and not yet published to Kafka',
      ['service'],
    );
    this.consumerLag = this.gauge(
      'accord_kafka_consumer_lag_messages',
      'Messages on the topics this service consumes that its consumer group has not committed yet',
      ['topic'],
      async () => {
        if (!this.lagSource) return;
        try {
          for (const [topic, lag] of Object.entries(await this.lagSource()))
            this.consumerLag.set({ topic }, lag);
        } catch {
          // The broker is down: /health says so; the gauge keeps its last value.
        }
      },
    );
    const relayLagSeconds = this.gauge(
      'accord_relay_lag_seconds',
      'How long ago the oldest event this service stored and has not published yet was recorded (0: caught up)',
      ['service'],
    );
    const relayLeader = this.gauge(
      'accord_relay_leader',
      '1 on the replica that holds the relay lock of its service, else 0',
      ['service'],
    );
    relayLeader.set({ service }, 0);
    const assigned = this.gauge(
      'accord_kafka_assigned_partitions',
      "Partitions of a topic this replica consumes: its share of the consumer group's work",
      ['topic'],
    );
    this.messaging = {
      published: (topic, count) => published.inc({ topic }, count),
      consumed: (topic, type, outcome) => consumed.inc({ topic, type, outcome }),
      relayLag: (name, events, oldestAgeSeconds) => {
        relayLag.set({ service: name }, events);
        relayLagSeconds.set({ service: name }, oldestAgeSeconds);
      },
      relayLeader: (name, leading) => relayLeader.set({ service: name }, leading ? 1 : 0),
      assignedPartitions: (topic, count) => assigned.set({ topic }, count),
    };
  }

  /** A counter on this service's registry, by `labelNames`. */
  counter<L extends string = string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** A gauge on this service's registry, by `labelNames`; `collect`, if any, sets it at scrape time. */
  gauge<L extends string = string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    collect?: () => void | Promise<void>,
  ): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry], ...(collect ? { collect } : {}) });
  }

  /**
   * Exports the event store's own gauges (horizon, seal), read at scrape time — one query shared by
   * every gauge. Only where the sealer runs, so one service reports them.
   */
  watchStore(source: () => Promise<StoreGauges>): void {
    let pending: { at: number; read: Promise<StoreGauges | undefined> } | undefined;
    const read = (): Promise<StoreGauges | undefined> => {
      if (!pending || Date.now() - pending.at > 1000) {
        // The database is down: /health says so; the gauges keep their last values.
        pending = { at: Date.now(), read: source().catch(() => undefined) };
      }
      return pending.read;
    };
    const gauge = (name: string, help: string, pick: (gauges: StoreGauges) => number): void => {
      const metric: Gauge = this.gauge(name, help, [], async () => {
        const gauges = await read();
        if (gauges) metric.set(pick(gauges));
      });
    };
    gauge(
      'accord_event_store_horizon_held_events',
      'Committed events gap-free readers cannot read yet because an older transaction is still open',
      (g) => g.horizonHeldEvents,
    );
    gauge(
      'accord_event_store_horizon_wait_seconds',
      'How long the oldest event held behind the transaction horizon has waited (0: none held)',
      (g) => g.horizonWaitSeconds,
    );
    gauge(
      'accord_event_store_last_event_timestamp_seconds',
      'When the newest event in the log was recorded (Unix time)',
      (g) => g.lastEventAt,
    );
    gauge(
      'accord_seal_last_checkpoint_timestamp_seconds',
      'When the sealer last wrote a signed seal checkpoint (Unix time; 0: never)',
      (g) => g.lastCheckpointAt,
    );
  }
}

@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: Metrics) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const stop = this.metrics.httpDuration.startTimer();
    response.on('finish', () => {
      // The matched route pattern, not the raw URL: case ids must not explode label cardinality.
      const route = request.route ? `${request.baseUrl}${String(request.route.path)}` : 'unmatched';
      this.metrics.httpRequests.inc({ method: request.method, route, status: String(response.statusCode) });
      stop({ method: request.method, route });
    });
    next();
  }
}

@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
