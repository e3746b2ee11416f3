import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import {
  compareGlobalPositions,
  InjectEventStore,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
  type Subscription,
} from '@accord/event-store';
import { LOGGER } from '@accord/platform';
import type { ReferralEvent } from '@accord/intake-domain';
import { REFERRAL_STREAM_PREFIX } from '../referral.stream';
import { observedStep, ownStep, type ObservedEvent, type TimelineStep } from './timeline';

const CHECKPOINT = 'projection:intake.referral-status';
const RESUBSCRIBE_MS = 5_000;
const OWN_TYPES = new Set<string>([
  'ReferralSubmitted',
  'ReferralAccepted',
  'ReferralDeclined',
  'ReferralAmended',
]);

/**
 * Builds the referral status read model from intake's own streams (inline after each command, and
 * from a checkpointed subscription that catches up whatever a crash left out) and from the later
 * steps' events heard on Kafka. Every write is keyed by event id, so replays change nothing.
 */
@Injectable()
export class ReferralStatusProjection implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private subscription: Subscription | undefined;
  private saved: GlobalPosition | null = null;
  private stopping = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectEventStore() private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    void this.subscribe();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retry);
    await this.subscription?.stop().catch(() => undefined);
  }

  /** Projects one stream now, so the caller reads its own write. */
  async catchUpStream(streamId: string): Promise<void> {
    for (const event of await this.store.readStream(streamId)) await this.applyOwn(event);
  }

  async applyOwn(recorded: RecordedEvent): Promise<void> {
    if (!OWN_TYPES.has(recorded.type)) return;
    const event = { type: recorded.type, data: recorded.data } as unknown as ReferralEvent;
    await this.dataSource.transaction(async (manager) => {
      if (event.type === 'ReferralSubmitted') {
        const { caseId, referringAgency, receivingService, referrerReference, incident, submittedAt } =
          event.data;
        await manager.query(
          `INSERT INTO intake.referral_cases
             (case_id, referring_agency, receiving_service, referrer_reference, offence_category, status, submitted_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, 'received', $6, $6)
           ON CONFLICT (case_id) DO NOTHING`,
          [
            caseId,
            referringAgency,
            receivingService,
            referrerReference,
            incident.offenceCategory,
            submittedAt,
          ],
        );
      }
      if (event.type === 'ReferralAmended') {
        await manager.query(`UPDATE intake.referral_cases SET offence_category = $2 WHERE case_id = $1`, [
          event.data.caseId,
          event.data.profile.offenceCategory,
        ]);
      }
      await this.record(
        manager,
        event.data.caseId,
        recorded.eventId,
        recorded.type,
        recorded.metadata.occurredAt,
        ownStep(event),
      );
    });
  }

  /** A later step's event about a case, as heard on Kafka. */
  async applyObserved(event: ObservedEvent, eventId: string, at: string): Promise<void> {
    await this.dataSource.transaction((manager) =>
      this.record(manager, event.data.caseId, eventId, event.type, at, observedStep(event)),
    );
  }

  private async record(
    manager: EntityManager,
    caseId: string,
    eventId: string,
    eventType: string,
    at: string,
    step: TimelineStep,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO intake.referral_timeline (event_id, case_id, at, status, event_type, detail, referrer_detail)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)
       ON CONFLICT (event_id) DO NOTHING`,
      [
        eventId,
        caseId,
        at,
        step.status,
        eventType,
        JSON.stringify(step.detail),
        JSON.stringify(step.referrerDetail),
      ],
    );
    // The latest step by when it happened wins, whichever topic delivered it first.
    await manager.query(
      `UPDATE intake.referral_cases c
          SET status = latest.status, updated_at = greatest(c.updated_at, latest.at)
         FROM (SELECT status, at FROM intake.referral_timeline WHERE case_id = $1 ORDER BY at DESC, seq DESC LIMIT 1) latest
        WHERE c.case_id = $1`,
      [caseId],
    );
  }

  private async subscribe(): Promise<void> {
    if (this.stopping) return;
    try {
      this.saved = await this.store.loadCheckpoint(CHECKPOINT);
      this.subscription = this.store.subscribeToAll(
        {
          ...(this.saved ? { after: this.saved } : {}),
          filter: { streamPrefix: REFERRAL_STREAM_PREFIX },
          onError: (error) => this.resubscribeLater(error),
        },
        async (event) => {
          await this.applyOwn(event);
          await this.saveCheckpoint(event.globalPosition);
        },
      );
    } catch (error) {
      this.resubscribeLater(error);
    }
  }

  private resubscribeLater(error: unknown): void {
    if (this.stopping) return;
    this.logger.warn({ err: error }, 'referral status projection stopped; resubscribing');
    this.retry = setTimeout(() => void this.subscribe(), RESUBSCRIBE_MS);
    this.retry.unref();
  }

  /** Replicas share the checkpoint: it only ever moves forward. */
  private async saveCheckpoint(position: GlobalPosition): Promise<void> {
    if (this.saved && compareGlobalPositions(position, this.saved) <= 0) return;
    if (await this.store.saveCheckpoint(CHECKPOINT, this.saved, position)) {
      this.saved = position;
      return;
    }
    this.saved = await this.store.loadCheckpoint(CHECKPOINT);
  }
}
