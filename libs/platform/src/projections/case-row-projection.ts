import type { EntityManager, EntityTarget, FindOptionsWhere } from 'typeorm';
import type { RecordedEvent } from '@accord/event-store';
import type { Projection, ProjectionLog, ProjectionTable } from './projection';

/** A read model of one row per case, each row keeping the version of its stream it reflects. */
export interface CaseRowProjection<Row extends { caseId: string; version: number }, Event> {
  readonly name: string;
  readonly streamPrefix: string;
  readonly table: ProjectionTable;
  readonly entity: EntityTarget<Row>;
  /** See `Projection.alsoWrittenBy`. */
  readonly alsoWrittenBy?: string;
  /**
   * The row after `event`: from the row before it, or `null` when the case has none yet; `null`
   * leaves the case without a row. `version` is the event's stream version, `recordedAt` its time;
   * a view that re-folds the decider's state reads `stream()`, the case's stream up to the event.
   */
  next(
    row: Row | null,
    event: Event,
    version: number,
    recordedAt: Date,
    stream: () => Promise<readonly RecordedEvent[]>,
  ): Row | null | Promise<Row | null>;
}

/**
 * The one style of a case read model: the row is locked, an event it already reflects is skipped
 * (replays and a second replica change nothing), and the pure `next` gives the row to save.
 */
export function caseRowProjection<Row extends { caseId: string; version: number }, Event>(
  definition: CaseRowProjection<Row, Event>,
): Projection {
  return {
    name: definition.name,
    streamPrefix: definition.streamPrefix,
    tables: [definition.table],
    ...(definition.alsoWrittenBy ? { alsoWrittenBy: definition.alsoWrittenBy } : {}),
    async apply(event: RecordedEvent, manager: EntityManager, log: ProjectionLog): Promise<void> {
      const caseId = (event.data as { caseId?: unknown }).caseId;
      if (typeof caseId !== 'string') return;
      const repository = manager.getRepository(definition.entity);
      const row = await repository.findOne({
        where: { caseId } as FindOptionsWhere<Row>,
        lock: { mode: 'pessimistic_write' },
      });
      if (row && row.version >= event.streamVersion) return;
      const next = await definition.next(
        row,
        { type: event.type, data: event.data } as Event,
        event.streamVersion,
        new Date(event.recordedAt),
        () => log.readStream(event.streamId, { toVersion: event.streamVersion }),
      );
      if (!next) return;
      // The row is locked (or known absent): one INSERT or UPDATE, without save()'s own SELECT.
      // A race inserting the same new row fails here and is retried by the caller.
      const values = next as Parameters<typeof repository.insert>[0] & object;
      if (row) await repository.update({ caseId } as FindOptionsWhere<Row>, values);
      else await repository.insert(values);
    },
  };
}
