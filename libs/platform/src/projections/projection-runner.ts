import type { DataSource, EntityManager } from 'typeorm';
import {
  GLOBAL_START,
  isGlobalPosition,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '@accord/event-store';
import { isTransientFailure, PARKED_EVENTS_TABLE } from './parked-events';
import type { Projection } from './projection';

export type { Projection } from './projection';

interface RunnerLogger {
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
  error(fields: object, msg: string): void;
}

/** Hears each event the runner parks (a metric). */
export interface ParkedListener {
  parked(projection: string, event: RecordedEvent): void;
}

/** Attempts at applying an event before a failure that is not transient parks it. */
const ATTEMPTS = 3;

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/**
 * Keeps a read model up to date from the service's own streams: catches up from the checkpoint,
 * then follows the log live. Each event and the checkpoint move commit together. A transient
 * failure (database unreachable, a lost race) restarts the subscription from the checkpoint after a
 * pause, for as long as it lasts; an event that still fails for any other reason after three
 * attempts is parked with its stream (projections/parked-events.ts), so one bad event cannot stop
 * every other case's read model.
 */
export class ProjectionRunner {
  private stopped = false;
  private subscription: Subscription | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly projection: Projection,
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    /** Schema holding `projection_checkpoints`. */
    private readonly schema: string,
    private readonly logger: RunnerLogger,
    private readonly listener?: ParkedListener,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { name, streamPrefix, types } = this.projection;
    while (!this.stopped) {
      try {
        const after = await this.checkpoint();
        // stop() may have come while the checkpoint was read: a new subscription would never end.
        if (this.stopped) break;
        this.subscription = this.store.subscribeToAll(
          { after, filter: { streamPrefix, ...(types ? { types } : {}) } },
          (event) => this.handle(event),
        );
        await this.subscription.done;
      } catch (error) {
        if (!this.stopped)
          this.logger.warn(
            { projection: name, err: error },
            'projection stopped; restarting from its checkpoint',
          );
      }
      if (!this.stopped) await sleep(1_000);
    }
  }

  private async checkpoint() {
    const rows: Array<{ position: string }> = await this.dataSource.query(
      `SELECT position FROM "${this.schema}".projection_checkpoints WHERE name = $1`,
      [this.projection.name],
    );
    const position = rows[0]?.position;
    return position && isGlobalPosition(position) ? position : GLOBAL_START;
  }

  private async handle(event: RecordedEvent): Promise<void> {
    // A second attempt covers the race of two replicas inserting the same new row.
    for (let attempt = 1; ; attempt++) {
      try {
        const reason = 'an earlier event of its stream is parked';
        const applied = await this.dataSource.transaction(async (manager) => {
          // The checkpoint moves and the stream's parked events are looked up in one statement:
          // whatever follows commits with the move or not at all.
          if (await this.moveCheckpointUnlessParked(manager, event)) {
            await this.insertParked(manager, event, reason);
            return false;
          }
          await this.projection.apply(event, manager, this.store);
          return true;
        });
        if (!applied) this.reportParked(event, reason);
        return;
      } catch (error) {
        if (isTransientFailure(error)) throw error;
        if (attempt < ATTEMPTS) continue;
        await this.park(event, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        return;
      }
    }
  }

  /** Moves the checkpoint past `event`; true when an earlier event of its stream is parked. */
  private async moveCheckpointUnlessParked(manager: EntityManager, event: RecordedEvent): Promise<boolean> {
    const rows: Array<{ parked: boolean }> = await manager.query(
      `WITH moved AS (${this.checkpointUpsert})
       SELECT EXISTS (SELECT 1 FROM "${this.schema}".${PARKED_EVENTS_TABLE} WHERE projection = $1 AND stream_id = $3) AS parked`,
      [this.projection.name, event.globalPosition, event.streamId],
    );
    return rows[0]?.parked === true;
  }

  private get checkpointUpsert(): string {
    return `INSERT INTO "${this.schema}".projection_checkpoints (name, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET position = GREATEST(projection_checkpoints.position, EXCLUDED.position), updated_at = now()`;
  }

  private async moveCheckpoint(manager: EntityManager, event: RecordedEvent): Promise<void> {
    await manager.query(this.checkpointUpsert, [this.projection.name, event.globalPosition]);
  }

  /** Sets the event aside and moves past it, in one commit; loud in the log and the metrics. */
  private async park(event: RecordedEvent, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.insertParked(manager, event, reason);
      await this.moveCheckpoint(manager, event);
    });
    this.reportParked(event, reason);
  }

  private async insertParked(manager: EntityManager, event: RecordedEvent, reason: string): Promise<void> {
    await manager.query(
      `INSERT INTO "${this.schema}".${PARKED_EVENTS_TABLE}
         (projection, event_id, position, stream_id, stream_version, event_type, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (projection, event_id) DO NOTHING`,
      [
        this.projection.name,
        event.eventId,
        event.globalPosition,
        event.streamId,
        event.streamVersion,
        event.type,
        reason.slice(0, 2000),
      ],
    );
  }

  private reportParked(event: RecordedEvent, reason: string): void {
    this.listener?.parked(this.projection.name, event);
    this.logger.error(
      {
        projection: this.projection.name,
        streamId: event.streamId,
        streamVersion: event.streamVersion,
        eventType: event.type,
        position: event.globalPosition,
        reason,
      },
      'projection parked an event it cannot apply; its stream waits for a fix and `npm run rebuild -- … --apply`',
    );
  }
}
