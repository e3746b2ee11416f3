import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { Observable, Subject } from 'rxjs';
import { CASE_CHANGED_CHANNEL, LOGGER, PG_POOL } from '@accord/platform';
import type { CaseStatus } from '../referral-status/timeline';

/** What the `accord_referral_changed` notification says (see the migration that raises it). */
export interface ReferralChanged {
  readonly caseId: string;
  readonly referringAgency: string;
  readonly receivingService: string;
  /** The referral's status as the projection wrote it. */
  readonly status: CaseStatus;
}

export const REFERRAL_CHANGED_CHANNEL = 'accord_referral_changed';
const RECONNECT_MS = 2_000;

function parse(payload: string | undefined): ReferralChanged | null {
  try {
    const value = JSON.parse(payload ?? '') as Partial<ReferralChanged>;
    return typeof value.caseId === 'string' &&
      typeof value.referringAgency === 'string' &&
      typeof value.receivingService === 'string'
      ? (value as ReferralChanged)
      : null;
  } catch {
    return null;
  }
}

/** A later step's read model changed (`{"caseId"}` only): the case's agencies come from intake's own row. */
function changedCase(payload: string | undefined): string | null {
  try {
    const value = JSON.parse(payload ?? '') as { caseId?: unknown };
    return typeof value.caseId === 'string' ? value.caseId : null;
  } catch {
    return null;
  }
}

/**
 * Referral changes as they commit, and changes to the later steps' views of a referral (screening,
 * consent, conferencing announce theirs on the platform's case-changed channel), from one LISTEN connection per process that is open only while
 * somebody follows them. A lost connection is opened again (changes in the gap are missed: a
 * follower reloads what it shows when it reconnects anyway).
 */
@Injectable()
export class ReferralChanges implements OnModuleDestroy {
  private readonly changes = new Subject<ReferralChanged>();
  private followers = 0;
  private client: PoolClient | null = null;
  private connecting: Promise<void> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Every change from now on, while subscribed. */
  follow(): Observable<ReferralChanged> {
    return new Observable<ReferralChanged>((subscriber) => {
      const subscription = this.changes.subscribe(subscriber);
      this.followers += 1;
      this.ensureListening();
      return () => {
        subscription.unsubscribe();
        this.followers -= 1;
        if (this.followers === 0) void this.release();
      };
    });
  }

  /**
   * Resolves once changes are being listened for (or the attempt to listen has ended): a follower
   * told so loads what it shows again, and misses nothing that changed before it was listening.
   */
  async whenListening(): Promise<void> {
    this.ensureListening();
    await this.connecting;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.changes.complete();
    await this.release();
  }

  private ensureListening(): void {
    if (this.client || this.connecting || this.closed || this.followers === 0) return;
    this.connecting = this.listen().finally(() => {
      this.connecting = null;
    });
  }

  private async listen(): Promise<void> {
    let client: PoolClient | null = null;
    try {
      client = await this.pool.connect();
      const connection = client;
      connection.on('notification', (message) => {
        if (message.channel === CASE_CHANGED_CHANNEL) {
          const caseId = changedCase(message.payload);
          if (caseId) void this.announceCase(caseId);
          return;
        }
        const change = parse(message.payload);
        if (change) this.changes.next(change);
      });
      connection.on('error', (error) => this.lost(connection, error));
      await connection.query(`LISTEN ${REFERRAL_CHANGED_CHANNEL}`);
      await connection.query(`LISTEN ${CASE_CHANGED_CHANNEL}`);
      this.client = connection;
      if (this.followers === 0 || this.closed) await this.release();
    } catch (error) {
      if (client) this.lost(client, error);
      else this.scheduleRetry(error);
    }
  }

  private async announceCase(caseId: string): Promise<void> {
    try {
      const { rows } = await this.pool.query<{
        referring_agency: string;
        receiving_service: string;
        status: CaseStatus;
      }>('SELECT referring_agency, receiving_service, status FROM intake.referral_cases WHERE case_id = $1', [
        caseId,
      ]);
      const row = rows[0];
      if (row && !this.closed)
        this.changes.next({
          caseId,
          referringAgency: row.referring_agency,
          receivingService: row.receiving_service,
          status: row.status,
        });
    } catch (error) {
      // A follower misses this one change; the next one (or its reconnect) brings it up to date.
      this.logger.warn({ err: error, caseId }, 'could not announce a change to a case');
    }
  }

  private lost(client: PoolClient, error: unknown): void {
    if (this.client === client) this.client = null;
    client.release(error instanceof Error ? error : new Error(String(error)));
    this.scheduleRetry(error);
  }

  private scheduleRetry(error: unknown): void {
    if (this.closed || this.followers === 0 || this.retry) return;
    this.logger.warn({ err: error }, 'referral change notifications lost; listening again shortly');
    this.retry = setTimeout(() => {
      this.retry = null;
      this.ensureListening();
    }, RECONNECT_MS);
  }

  private async release(): Promise<void> {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const client = this.client;
    this.client = null;
    if (!client) return;
    try {
      await client.query(`UNLISTEN *`);
      client.release();
    } catch (error) {
      client.release(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
