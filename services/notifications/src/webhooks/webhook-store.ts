import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { projectionSchema } from '@accord/platform';

export interface CaseStage {
  readonly eventId: string;
  readonly caseId: string;
  readonly type: string;
  readonly source: string;
  readonly status: string;
  readonly referringAgency: string | null;
  readonly occurredAt: string;
  readonly detail: Record<string, string>;
}

export interface Subscription {
  readonly subscriptionId: string;
  readonly url: string;
  readonly createdAt: string;
}

export interface DeliveryView {
  readonly deliveryId: string;
  readonly eventId: string;
  readonly caseId: string;
  readonly type: string;
  readonly status: 'pending' | 'delivered' | 'parked';
  readonly attempts: number;
  readonly nextAttemptAt?: string;
  readonly lastStatus?: number;
  readonly lastError?: string;
  readonly parkedReason?: string;
  readonly deliveredAt?: string;
}

export interface DueDelivery {
  readonly deliveryId: string;
  readonly url: string;
  readonly secret: string;
  readonly attempts: number;
  readonly firstAttemptAt: string;
  readonly stage: CaseStage;
}

export type DeliveryResult =
  | { readonly kind: 'delivered'; readonly status: number }
  | { readonly kind: 'retry'; readonly status: number | null; readonly error: string; readonly at: Date }
  | {
      readonly kind: 'parked';
      readonly status: number | null;
      readonly error: string;
      readonly reason: string;
    };

const iso = (value: unknown): string | null => (value ? new Date(value as string).toISOString() : null);

/** The webhook tables (see the migration): subscriptions, stages heard, deliveries. */
@Injectable()
export class WebhookStore {
  private readonly schema: string;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.schema = projectionSchema(dataSource.manager);
  }

  private query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return this.dataSource.query<T[]>(sql.replace(/\{s\}/g, `"${this.schema}"`), parameters);
  }

  /** Once per event (a redelivery records nothing new). */
  async recordStage(stage: CaseStage): Promise<void> {
    await this.query(
      `insert into {s}.webhook_stages (event_id, case_id, type, status, referring_agency, occurred_at, detail)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (event_id) do nothing`,
      [
        stage.eventId,
        stage.caseId,
        stage.type,
        stage.status,
        stage.referringAgency,
        stage.occurredAt,
        { ...stage.detail, source: stage.source },
      ],
    );
  }

  async subscribe(
    agency: string,
    url: string,
    createdBy: string,
  ): Promise<Subscription & { secret: string }> {
    const subscriptionId = randomUUID();
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const [row] = await this.query<{ created_at: Date }>(
      `insert into {s}.webhook_subscriptions (subscription_id, agency, url, secret, created_by)
       values ($1, $2, $3, $4, $5) returning created_at`,
      [subscriptionId, agency, url, secret, createdBy],
    );
    return { subscriptionId, url, secret, createdAt: iso(row?.created_at) ?? '' };
  }

  async subscriptions(agency: string): Promise<Subscription[]> {
    const rows = await this.query<{ subscription_id: string; url: string; created_at: Date }>(
      `select subscription_id, url, created_at from {s}.webhook_subscriptions where agency = $1 order by created_at`,
      [agency],
    );
    return rows.map((row) => ({
      subscriptionId: row.subscription_id,
      url: row.url,
      createdAt: iso(row.created_at) ?? '',
    }));
  }

  /** The subscription's deliveries, newest first; null when the agency has no such subscription. */
  async deliveries(agency: string, subscriptionId: string): Promise<DeliveryView[] | null> {
    if (!(await this.owns(agency, subscriptionId))) return null;
    const rows = await this.query<Record<string, unknown>>(
      `select d.*, s.type from {s}.webhook_deliveries d join {s}.webhook_stages s using (event_id)
       where d.subscription_id = $1 order by d.created_at desc limit 500`,
      [subscriptionId],
    );
    return rows.map((row) => {
      const present = (key: string, value: unknown) =>
        value === null || value === undefined ? {} : { [key]: value };
      return {
        deliveryId: row['delivery_id'] as string,
        eventId: row['event_id'] as string,
        caseId: row['case_id'] as string,
        type: row['type'] as string,
        status: row['status'] as DeliveryView['status'],
        attempts: row['attempts'] as number,
        ...present('nextAttemptAt', row['status'] === 'pending' ? iso(row['next_attempt_at']) : null),
        ...present('lastStatus', row['last_status']),
        ...present('lastError', row['last_error']),
        ...present('parkedReason', row['parked_reason']),
        ...present('deliveredAt', iso(row['delivered_at'])),
      };
    });
  }

  /** Sends a delivery again from now, with a fresh 24-hour budget; false when it is not the agency's. */
  async redeliver(agency: string, subscriptionId: string, deliveryId: string): Promise<boolean> {
    if (!(await this.owns(agency, subscriptionId))) return false;
    const rows = await this.query<{ delivery_id: string }>(
      `update {s}.webhook_deliveries
          set status = 'pending', attempts = 0, next_attempt_at = now(), first_attempt_at = null, parked_reason = null
        where delivery_id = $1 and subscription_id = $2 returning delivery_id`,
      [deliveryId, subscriptionId],
    );
    return rows.length > 0;
  }

  private async owns(agency: string, subscriptionId: string): Promise<boolean> {
    const rows = await this.query(
      `select 1 from {s}.webhook_subscriptions where subscription_id = $1 and agency = $2`,
      [subscriptionId, agency],
    );
    return rows.length > 0;
  }

  /**
   * A delivery for every subscription of the case's referring agency and every stage heard after
   * it subscribed. The agency comes from the stage itself or from any other stage of the case, so
   * a stage heard before the one naming the referrer waits, and goes once it is known.
   */
  async fanOut(): Promise<void> {
    await this.query(
      `insert into {s}.webhook_deliveries (delivery_id, subscription_id, event_id, case_id, status)
       select gen_random_uuid(), w.subscription_id, st.event_id, st.case_id, 'pending'
         from {s}.webhook_stages st
         join lateral (
           select coalesce(st.referring_agency,
                  (select o.referring_agency from {s}.webhook_stages o
                    where o.case_id = st.case_id and o.referring_agency is not null limit 1)) as agency
         ) a on a.agency is not null
         join {s}.webhook_subscriptions w on w.agency = a.agency and st.received_at >= w.created_at
       on conflict (subscription_id, event_id) do nothing`,
    );
  }

  /**
   * Up to `limit` due deliveries, leased for `leaseMs` (another replica skips them meanwhile); at
   * most one per subscription per pass, so a slow endpoint holds back only its own agency.
   */
  async claimDue(limit: number, leaseMs: number): Promise<DueDelivery[]> {
    const rows = await this.query<Record<string, unknown>>(
      `with due as (
         select distinct on (d.subscription_id) d.delivery_id
           from {s}.webhook_deliveries d
          where d.status = 'pending' and d.next_attempt_at <= now()
          order by d.subscription_id, d.next_attempt_at
          limit $1
       ), leased as (
         update {s}.webhook_deliveries d
            set next_attempt_at = now() + ($2::int * interval '1 millisecond'),
                first_attempt_at = coalesce(d.first_attempt_at, now())
           from due
          where d.delivery_id = due.delivery_id and d.status = 'pending' and d.next_attempt_at <= now()
          returning d.*
       )
       select l.delivery_id, l.attempts, l.first_attempt_at, w.url, w.secret,
              st.event_id, st.case_id, st.type, st.status as stage_status, st.referring_agency, st.occurred_at, st.detail
         from leased l
         join {s}.webhook_subscriptions w using (subscription_id)
         join {s}.webhook_stages st on st.event_id = l.event_id`,
      [limit, leaseMs],
    );
    return rows.map((row) => {
      const { source, ...detail } = row['detail'] as Record<string, string>;
      return {
        deliveryId: row['delivery_id'] as string,
        url: row['url'] as string,
        secret: row['secret'] as string,
        attempts: row['attempts'] as number,
        firstAttemptAt: iso(row['first_attempt_at']) ?? new Date().toISOString(),
        stage: {
          eventId: row['event_id'] as string,
          caseId: row['case_id'] as string,
          type: row['type'] as string,
          source: source ?? '',
          status: row['stage_status'] as string,
          referringAgency: (row['referring_agency'] as string | null) ?? null,
          occurredAt: row['occurred_at'] as string,
          detail,
        },
      };
    });
  }

  async settle(deliveryId: string, result: DeliveryResult): Promise<void> {
    switch (result.kind) {
      case 'delivered':
        await this.query(
          `update {s}.webhook_deliveries set status = 'delivered', attempts = attempts + 1, last_status = $2,
                  last_error = null, delivered_at = now() where delivery_id = $1`,
          [deliveryId, result.status],
        );
        return;
      case 'retry':
        await this.query(
          `update {s}.webhook_deliveries set attempts = attempts + 1, last_status = $2, last_error = $3,
                  next_attempt_at = $4 where delivery_id = $1`,
          [deliveryId, result.status, result.error, result.at],
        );
        return;
      case 'parked':
        await this.query(
          `update {s}.webhook_deliveries set status = 'parked', attempts = attempts + 1, last_status = $2,
                  last_error = $3, parked_reason = $4 where delivery_id = $1`,
          [deliveryId, result.status, result.error, result.reason],
        );
        return;
    }
  }

  /** Deliveries waiting to go, for the backlog metric. */
  async pendingCount(): Promise<number> {
    const [row] = await this.query<{ n: string }>(
      `select count(*)::text as n from {s}.webhook_deliveries where status = 'pending'`,
    );
    return Number(row?.n ?? 0);
  }
}
