import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Logger } from 'pino';
import type { Counter, Gauge } from 'prom-client';
import { LOGGER, Metrics, ServiceConfig } from '@accord/platform';
import type { NotificationsConfig } from '../notifications.config';
import { WakeableLoop } from '../notifications/dispatch/wakeable-loop';
import { signWebhook } from './webhook-signature';
import { WebhookStore, type DeliveryResult, type DueDelivery } from './webhook-store';

const MAX_RETRY_DELAY_MS = 3_600_000;
const PER_PASS = 50;

/**
 * Delivers case stages to the agencies' endpoints: CloudEvents 1.0 over HTTP (structured mode,
 * `application/cloudevents+json`), signed (webhook-signature.ts). Each pass sends at most one
 * delivery per subscription, all at once, each with its own timeout: a slow, failing or silent
 * endpoint delays only its own agency. Redirects are never followed. Failures retry with
 * exponential back-off until NOTIFICATIONS_WEBHOOK_GIVE_UP_MS after the first attempt, then the
 * delivery is parked with its reason, visible to the agency, which may redeliver it.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: WakeableLoop;
  private readonly backlog: Gauge;
  private readonly outcomes: Counter<'outcome'>;

  constructor(
    @Inject(ServiceConfig) private readonly config: NotificationsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly store: WebhookStore,
    metrics: Metrics,
  ) {
    this.loop = new WakeableLoop(
      () => this.pass(),
      config.NOTIFICATIONS_DISPATCH_INTERVAL_MS,
      logger,
      'webhook pass',
    );
    // Counted when scraped, not on every pass: a pass runs after every stage recorded.
    this.backlog = metrics.gauge(
      'accord_notifications_webhook_pending_deliveries',
      'Webhook deliveries waiting for their endpoint (first attempt or a retry)',
      [],
      async () => {
        try {
          this.backlog.set(await this.store.pendingCount());
        } catch {
          // The database is away: /health says so; the gauge keeps its last value.
        }
      },
    );
    this.outcomes = metrics.counter(
      'accord_notifications_webhook_attempts_total',
      'Webhook delivery attempts, by outcome (delivered, retry, parked)',
      ['outcome'],
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** A stage was recorded: fan it out and send at once. */
  nudge(): void {
    this.loop.wake();
  }

  /** One pass: new stages fanned out, due deliveries sent; 'more' when some were due. */
  private async pass(): Promise<'more' | 'idle'> {
    await this.store.fanOut();
    const due = await this.store.claimDue(PER_PASS, this.config.NOTIFICATIONS_WEBHOOK_TIMEOUT_MS * 2);
    await Promise.all(due.map((delivery) => this.attempt(delivery)));
    return due.length > 0 ? 'more' : 'idle';
  }

  private async attempt(delivery: DueDelivery): Promise<void> {
    const result = await this.send(delivery);
    this.outcomes.inc({ outcome: result.kind });
    await this.store.settle(delivery.deliveryId, result);
  }

  private async send(delivery: DueDelivery): Promise<DeliveryResult> {
    const { stage } = delivery;
    const body = JSON.stringify({
      specversion: '1.0',
      id: stage.eventId,
      source: stage.source,
      type: stage.type,
      subject: stage.caseId,
      time: stage.occurredAt,
      datacontenttype: 'application/json',
      data: { caseId: stage.caseId, status: stage.status, ...stage.detail },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    let status: number | null = null;
    let error: string;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.NOTIFICATIONS_WEBHOOK_TIMEOUT_MS),
        headers: {
          'content-type': 'application/cloudevents+json; charset=utf-8',
          'webhook-id': delivery.deliveryId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(delivery.secret, delivery.deliveryId, timestamp, body),
        },
        body,
      });
      status = response.status;
      await response.body?.cancel();
      if (status >= 200 && status < 300) return { kind: 'delivered', status };
      error =
        status >= 300 && status < 400
          ? `answered ${status} (a redirect, not followed: register the final URL)`
          : `answered ${status}`;
    } catch (failure) {
      const text = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
      error = /TimeoutError|due to timeout/.test(text)
        ? `no answer within ${this.config.NOTIFICATIONS_WEBHOOK_TIMEOUT_MS} ms`
        : `could not connect: ${text}`;
    }
    const delay = Math.min(
      MAX_RETRY_DELAY_MS,
      this.config.NOTIFICATIONS_WEBHOOK_FIRST_RETRY_MS * 2 ** delivery.attempts,
    );
    const next = new Date(Date.now() + delay);
    const giveUpAt = Date.parse(delivery.firstAttemptAt) + this.config.NOTIFICATIONS_WEBHOOK_GIVE_UP_MS;
    if (next.getTime() > giveUpAt)
      return {
        kind: 'parked',
        status,
        error,
        reason: `gave up after ${delivery.attempts + 1} attempts over ${Math.round(this.config.NOTIFICATIONS_WEBHOOK_GIVE_UP_MS / 1000)} s; last: ${error}`,
      };
    return { kind: 'retry', status, error, at: next };
  }
}
