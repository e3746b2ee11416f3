import type { DataSource } from 'typeorm';
import {
  GLOBAL_START,
  isGlobalPosition,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '@accord/event-store';
import type { Projection } from './projection';

export type { Projection } from './projection';

interface RunnerLogger {
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
}

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/**
 * Keeps a read model up to date from the service's own streams: catches up from the checkpoint,
 * then follows the log live. Each event and the checkpoint move commit together; a failure restarts
 * the subscription from the checkpoint after a pause.
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
        await this.dataSource.transaction(async (manager) => {
          await this.projection.apply(event, manager, this.store);
          await manager.query(
            `INSERT INTO "${this.schema}".projection_checkpoints (name, position, updated_at) VALUES ($1, $2, now())
             ON CONFLICT (name) DO UPDATE SET position = GREATEST(projection_checkpoints.position, EXCLUDED.position), updated_at = now()`,
            [this.projection.name, event.globalPosition],
          );
        });
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }
}
