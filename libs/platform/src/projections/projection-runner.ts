import type { DataSource, EntityManager } from 'typeorm';
import {
  GLOBAL_START,
  isGlobalPosition,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '@accord/event-store';
import { isTransientFailure, PARKED_EVENTS_TABLE } from './parked-events';
import { rebuildStampName, type Projection } from './projection';

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

/** `rebuild --apply` replaced the rows since this runner started: it starts again from its checkpoint. */
class RebuildSeen extends Error {
  constructor(projection: string) {
    super(`${projection} was rebuilt; applying again from its checkpoint`);
  }
}

/** Attempts at applying an event before a failure that is not transient parks it. */
const ATTEMPTS = 3;

/** Events applied at once after their command, remembered until the runner meets them. */
const APPLIED_INLINE_MEMORY = 10_000;
/** How long the checkpoint may trail events that only needed it moved. */
const CHECKPOINT_DELAY_MS = 250;

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/**
 * Keeps a read model up to date from the service's own streams: catches up from the checkpoint,
 * then follows the log live. Each event and the checkpoint move commit together. A transient
 * failure (database unreachable, a lost race) restarts the subscription from the checkpoint after a
 * pause, for as long as it lasts; an event that still fails for any other reason after three
 * attempts is parked with its stream (projections/parked-events.ts), so one bad event cannot stop
 * every other case's read model.
 *
 * An event this process already applied after its command (ProjectionHost, read-your-writes) is
 * not applied a second time: its transaction committed the same rows, so the runner only moves the
 * checkpoint past it, at most every CHECKPOINT_DELAY_MS (a checkpoint left behind by a crash only
 * means applying again, which every projection tolerates). A stream with a parked event is the
 * exception: the runner takes its usual path, which parks the event too. `rebuild --apply` may put
 * rows back to an older checkpoint meanwhile; it stamps `<name>#rebuilt`, every checkpoint move
 * here is conditional on the stamp the runner started with, and a runner that finds it changed
 * forgets what it skipped and applies again from its checkpoint.
 */
export class ProjectionRunner {
  private stopped = false;
  private subscription: Subscription | undefined;
  private loop: Promise<void> | undefined;
  /**
   * A command's own events (`<stream>@<version>`) this process applies at once after it, and
   * whether that committed: announced before the runner can meet them, oldest forgotten first.
   */
  private readonly appliedInline = new Map<string, Promise<boolean>>();
  /** Streams with a parked event, as this runner parked them or found them at its start. */
  private readonly parkedStreams = new Set<string>();
  /** A checkpoint position not yet written, and the timer that writes it. */
  private trailing: { position: string; timer: NodeJS.Timeout } | undefined;
  /** The rebuild stamp as the runner last (re)started: null when the projection was never rebuilt. */
  private rebuildStamp: string | null = null;

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
    await this.writeTrailingCheckpoint().catch(() => undefined);
  }

  /**
   * The event at `streamVersion` of `streamId` is being applied right after its command
   * (ProjectionHost); `applied` says whether that committed. Meeting it, the runner waits for the
   * answer and applies the event itself only if that did not.
   */
  applyingAfterCommand(streamId: string, streamVersion: number, applied: Promise<boolean>): void {
    this.appliedInline.set(`${streamId}@${streamVersion}`, applied);
    if (this.appliedInline.size > APPLIED_INLINE_MEMORY) {
      const oldest = this.appliedInline.keys().next().value;
      if (oldest !== undefined) this.appliedInline.delete(oldest);
    }
  }

  private async run(): Promise<void> {
    const { name, streamPrefix, types } = this.projection;
    while (!this.stopped) {
      try {
        this.clearTrailing();
        this.appliedInline.clear();
        this.rebuildStamp = await this.readRebuildStamp();
        const after = await this.checkpoint();
        await this.loadParkedStreams();
        // stop() may have come while the checkpoint was read: a new subscription would never end.
        if (this.stopped) break;
        this.subscription = this.store.subscribeToAll(
          { after, filter: { streamPrefix, ...(types ? { types } : {}) } },
          (event) => this.handle(event),
        );
        await this.subscription.done;
      } catch (error) {
        if (error instanceof RebuildSeen) this.logger.info({ projection: name }, error.message);
        else if (!this.stopped)
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

  private async readRebuildStamp(): Promise<string | null> {
    const rows: Array<{ stamp: string }> = await this.dataSource.query(
      `SELECT updated_at::text AS stamp FROM "${this.schema}".projection_checkpoints WHERE name = $1`,
      [rebuildStampName(this.projection.name)],
    );
    return rows[0]?.stamp ?? null;
  }

  private async loadParkedStreams(): Promise<void> {
    const rows: Array<{ stream_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT stream_id FROM "${this.schema}".${PARKED_EVENTS_TABLE} WHERE projection = $1`,
      [this.projection.name],
    );
    for (const row of rows) this.parkedStreams.add(row.stream_id);
  }

  private async handle(event: RecordedEvent): Promise<void> {
    const key = `${event.streamId}@${event.streamVersion}`;
    const inline = this.appliedInline.get(key);
    if (inline) {
      this.appliedInline.delete(key);
      if ((await inline) && !this.parkedStreams.has(event.streamId)) {
        this.trailCheckpoint(event.globalPosition);
        return;
      }
    }
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
        if (isTransientFailure(error) || error instanceof RebuildSeen) throw error;
        if (attempt < ATTEMPTS) continue;
        await this.park(event, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        return;
      }
    }
  }

  /** Moves the checkpoint past `event`; true when an earlier event of its stream is parked. */
  private async moveCheckpointUnlessParked(manager: EntityManager, event: RecordedEvent): Promise<boolean> {
    const rows: Array<{ parked: boolean; moved: boolean }> = await manager.query(
      `WITH moved AS (${this.checkpointUpsert})
       SELECT EXISTS (SELECT 1 FROM "${this.schema}".${PARKED_EVENTS_TABLE} WHERE projection = $1 AND stream_id = $5) AS parked,
              EXISTS (SELECT 1 FROM moved) AS moved`,
      [...this.checkpointValues(event.globalPosition), event.streamId],
    );
    if (rows[0]?.moved !== true) throw new RebuildSeen(this.projection.name);
    return rows[0]?.parked === true;
  }

  /**
   * Moves the checkpoint forward (never back: replicas may race), unless `rebuild --apply` stamped
   * the projection since this runner started ($3, $4): then nothing moves.
   */
  private get checkpointUpsert(): string {
    const table = `"${this.schema}".projection_checkpoints`;
    return `INSERT INTO ${table} (name, position, updated_at)
       SELECT $1, $2, now()
        WHERE (SELECT updated_at::text FROM ${table} WHERE name = $3) IS NOT DISTINCT FROM $4::text
       ON CONFLICT (name) DO UPDATE SET position = GREATEST(projection_checkpoints.position, EXCLUDED.position), updated_at = now()
       RETURNING 1`;
  }

  private checkpointValues(position: string): [string, string, string, string | null] {
    return [this.projection.name, position, rebuildStampName(this.projection.name), this.rebuildStamp];
  }

  private async moveCheckpoint(manager: EntityManager, event: RecordedEvent): Promise<void> {
    const moved: unknown[] = await manager.query(
      this.checkpointUpsert,
      this.checkpointValues(event.globalPosition),
    );
    if (moved.length === 0) throw new RebuildSeen(this.projection.name);
  }

  /** Sets the event aside and moves past it, in one commit; loud in the log and the metrics. */
  private async park(event: RecordedEvent, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.insertParked(manager, event, reason);
      await this.moveCheckpoint(manager, event);
    });
    this.reportParked(event, reason);
  }

  /** Moves the checkpoint past `position` soon, with whatever follows it meanwhile. */
  private trailCheckpoint(position: string): void {
    if (this.trailing) {
      this.trailing.position = position;
      return;
    }
    const timer = setTimeout(() => {
      this.writeTrailingCheckpoint().catch((error: unknown) =>
        this.logger.warn(
          { projection: this.projection.name, err: error },
          'could not move the projection checkpoint; it moves with the next event',
        ),
      );
    }, CHECKPOINT_DELAY_MS);
    timer.unref();
    this.trailing = { position, timer };
  }

  private async writeTrailingCheckpoint(): Promise<void> {
    const trailing = this.trailing;
    if (!trailing) return;
    this.clearTrailing();
    const moved: unknown[] = await this.dataSource.query(
      this.checkpointUpsert,
      this.checkpointValues(trailing.position),
    );
    if (moved.length === 0 && !this.stopped) {
      // Rows were put back to the checkpoint: what was skipped must be applied again from there.
      this.appliedInline.clear();
      this.logger.info({ projection: this.projection.name }, new RebuildSeen(this.projection.name).message);
      await this.subscription?.stop();
    }
  }

  private clearTrailing(): void {
    if (this.trailing) clearTimeout(this.trailing.timer);
    this.trailing = undefined;
  }

  private async insertParked(manager: EntityManager, event: RecordedEvent, reason: string): Promise<void> {
    this.parkedStreams.add(event.streamId);
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
