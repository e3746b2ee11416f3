import { Controller, Get, Header, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MessagingMetrics } from '@accord/messaging';
import { Public } from '../auth/public';
import type { ParkedListener } from '../projections/projection-runner';

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
  /** For ProjectionRunner: counts what it parks. */
  readonly projections: ParkedListener;
  /** Set by the bootstrap for services that consume: reads the group's lag from the broker at scrape time. */
  lagSource: (() => Promise<Record<string, number>>) | undefined;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'accord_' });
    this.httpRequests = new Counter({
      name: 'accord_http_requests_total',
      help: 'HTTP requests served, by method, route and status code',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'accord_http_request_duration_seconds',
      help: 'HTTP request latency in seconds, by method and route',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.projectionParked = new Counter({
      name: 'accord_projection_parked_events_total',
      help: 'Events a read-model projection could not apply and parked (its stream waits for a rebuild)',
      labelNames: ['projection'],
      registers: [this.registry],
    });
    this.tokensRejected = new Counter({
      name: 'accord_auth_token_rejected_total',
      help: 'Bearer tokens refused (401), by reason',
      labelNames: ['reason'],
      registers: [this.registry],
    });
    this.projections = { parked: (projection) => this.projectionParked.inc({ projection }) };
    const published = new Counter({
      name: 'accord_kafka_published_total',
      help: 'Events the relay published, by topic',
      labelNames: ['topic'],
      registers: [this.registry],
    });
    const consumed = new Counter({
      name: 'accord_kafka_consumed_total',
      help: 'Messages consumed, by topic, CloudEvents type and outcome (handled, ignored, retried, dead-lettered)',
      labelNames: ['topic', 'type', 'outcome'],
      registers: [this.registry],
    });
    const relayLag = new Gauge({
      name: 'accord_relay_lag_events',
      help: 'Events stored by this service and not yet published to Kafka',
      labelNames: ['service'],
      registers: [this.registry],
    });
    this.consumerLag = new Gauge({
      name: 'accord_kafka_consumer_lag_messages',
      help: 'Messages on the topics this service consumes that its consumer group has not committed yet',
      labelNames: ['topic'],
      registers: [this.registry],
      collect: async () => {
        if (!this.lagSource) return;
        try {
          for (const [topic, lag] of Object.entries(await this.lagSource()))
            this.consumerLag.set({ topic }, lag);
        } catch {
          // The broker is down: /health says so; the gauge keeps its last value.
        }
      },
    });
    this.messaging = {
      published: (topic, count) => published.inc({ topic }, count),
      consumed: (topic, type, outcome) => consumed.inc({ topic, type, outcome }),
      relayLag: (name, events) => relayLag.set({ service: name }, events),
    };
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
