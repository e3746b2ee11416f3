import type { EntityManager } from 'typeorm';
import type { RegisteredIntegrationEvent } from '@accord/contracts';
import type { EventStore, RecordedEvent } from '@accord/event-store';
import { PLAIN_IDENTIFIER } from './sql-migration';

/** What `apply` may read besides the event: its own stream (projections that re-fold a whole stream). */
export type ProjectionLog = Pick<EventStore, 'readStream'>;

/** A table a projection writes, in its service's schema. */
export interface ProjectionTable {
  readonly name: string;
  /**
   * Columns whose values the events do not determine, each with the reason: a rebuild cannot
   * reproduce them, so `npm run rebuild` leaves them out of its check and names them.
   */
  readonly notDerived?: Readonly<Record<string, string>>;
}

/** Another service's integration event as the message controller receives it from Kafka. */
export interface HeardEvent {
  /** The stored event's name: `CaseEligible`. */
  readonly name: string;
  /** CloudEvents `id` (= the stored event's id). */
  readonly id: string;
  /** CloudEvents `time` (= the stored event's `occurredAt`). */
  readonly time: string;
  /** The payload after its contract check (class instance). */
  readonly data: object;
}

/**
 * A read model built from the log. The live service and `npm run rebuild` run the same `apply`,
 * so a rebuild that matches the live tables proves they are what the log implies.
 */
export interface Projection {
  /** Checkpoint name in `<schema>.projection_checkpoints`. */
  readonly name: string;
  /** The service's own streams this projection follows. */
  readonly streamPrefix: string;
  /** Only these event types of those streams (all when absent). */
  readonly types?: readonly string[];
  /** Every table `apply` writes (in the schema of the manager's DataSource: see projectionSchema). */
  readonly tables: readonly ProjectionTable[];
  /**
   * Applies one event inside a transaction. Must be idempotent per event (rows keep the stream
   * version they reflect): every replica runs the projection, and a replica restarts from the
   * shared checkpoint, which may lag behind what it already applied.
   */
  apply(event: RecordedEvent, manager: EntityManager, log: ProjectionLog): Promise<void>;
  /**
   * True when `apply` writes `event` with one statement at most, which is atomic by itself: the
   * apply right after a command then runs without a transaction around it (two statements fewer;
   * a second statement would be refused before it is sent). The runner keeps its transaction,
   * which moves the checkpoint with the write.
   */
  readonly oneStatement?: (event: RecordedEvent) => boolean;
  /**
   * Other services' events the read model also reflects. Live they arrive on Kafka (the service
   * never reads another's streams); a rebuild reads them from the log and turns each into what the
   * consumer would have received. Their effect must not depend on their order relative to the
   * projection's own events, since Kafka does not keep that order either.
   */
  readonly heard?: {
    readonly events: readonly RegisteredIntegrationEvent[];
    apply(event: HeardEvent, manager: EntityManager): Promise<void>;
    /** True when `apply` is one statement for every event: the consumer runs it without a transaction. */
    readonly oneStatement?: boolean;
  };
  /**
   * Who else writes the tables live, when not only the runner does (inline after a command, Kafka
   * reactions). Such writes may run ahead of the checkpoint (or, from Kafka, behind the log), so a
   * check compares again for a few seconds before it reports a difference.
   */
  readonly alsoWrittenBy?: string;
}

/**
 * The schema a projection's raw SQL must use: the one its manager's DataSource was opened with
 * (the service's schema live, a scratch schema during a rebuild). TypeORM entities do not pin a
 * schema either, so repositories and raw SQL always land in the same place.
 */
export function projectionSchema(manager: EntityManager): string {
  const schema = (manager.connection.options as { readonly schema?: string }).schema;
  if (!schema || !PLAIN_IDENTIFIER.test(schema))
    throw new Error(
      `a projection needs a DataSource opened with a plain schema name (got ${JSON.stringify(schema ?? null)})`,
    );
  return schema;
}

/**
 * The row of `projection_checkpoints` that `npm run rebuild -- … --apply` stamps when it replaces a
 * projection's rows: a runner that sees the stamp change stops trusting what it remembers having
 * applied (ProjectionRunner) and applies from its checkpoint again.
 */
export function rebuildStampName(projection: string): string {
  return `${projection}#rebuilt`;
}
