import {
  getMetadataArgsStorage,
  type EntityManager,
  type FindOptionsWhere,
  type InsertQueryBuilder,
} from 'typeorm';
import type { RecordedEvent } from '@accord/event-store';
import type { Projection, ProjectionLog } from './projection';

type CaseRow = { caseId: string; version: number };

/** `alsoWrittenBy` of a read model the service's `CommandRunner` also writes (its `ProjectionHost` hook). */
export const WRITTEN_AFTER_EACH_COMMAND = 'the command runner, right after each command (read-your-writes)';

/**
 * The row after `event`: from the row before it, or `null` when the case has none yet; `null`
 * leaves the case without a row. `version` is the event's stream version, `recordedAt` its time;
 * a view that re-folds the decider's state reads `stream()`, the case's stream up to the event.
 */
export type NextRow<Row extends CaseRow, Event> = (
  row: Row | null,
  event: Event,
  version: number,
  recordedAt: Date,
  stream: () => Promise<readonly RecordedEvent[]>,
) => Row | null | Promise<Row | null>;

/** A case read model's name (`<service>.<table>.v<n>`), the streams it reads and who else writes it. */
export interface CaseRowProjection {
  readonly name: string;
  readonly streamPrefix: string;
  /** See `Projection.alsoWrittenBy`. */
  readonly alsoWrittenBy?: string;
}

/** The table an entity class is mapped to (`@Entity({ name })`): the read model's one table. */
function tableOf(entity: new () => CaseRow): string {
  const table = getMetadataArgsStorage().tables.find((candidate) => candidate.target === entity)?.name;
  if (!table) throw new Error(`${entity.name} is not an @Entity with a table name`);
  return table;
}

/**
 * Writes `row` unless the table already holds its case at `row.version` or later, in one
 * statement: an INSERT whose conflict updates the columns `row` sets (as an UPDATE of those
 * properties would). Two writers of one case may race (the inline apply and the runner): the
 * conflicting one waits for the other's row lock and compares versions again on the row as the
 * other left it, so the newer row wins in either order and neither fails.
 */
async function writeUnlessBehind<Row extends CaseRow>(
  manager: EntityManager,
  entity: new () => Row,
  row: Row,
): Promise<void> {
  const metadata = manager.connection.getMetadata(entity);
  const column = (property: string) => {
    const found = metadata.findColumnWithPropertyName(property);
    if (!found) throw new Error(`${entity.name} has no column for ${property}`);
    return `"${found.databaseName}"`;
  };
  const updated = metadata.columns
    .filter((candidate) => !candidate.isPrimary && candidate.getEntityValue(row) !== undefined)
    .map((candidate) => `"${candidate.databaseName}" = EXCLUDED."${candidate.databaseName}"`);
  await manager
    .createQueryBuilder()
    .insert()
    .into(entity)
    .values(row as Parameters<InsertQueryBuilder<Row>['values']>[0])
    .updateEntity(false)
    .onConflict(
      `(${column('caseId')}) DO UPDATE SET ${updated.join(', ')}
       WHERE "${metadata.tableName}".${column('version')} < EXCLUDED.${column('version')}`,
    )
    .execute();
}

/**
 * The one style of a case read model: an event the row already reflects is skipped (replays and a
 * second replica change nothing), and the pure `next` gives the row to save. `next` gets the row
 * before the event, read and locked first, unless `withoutRow`: a view of the whole stream needs
 * none, so its event is one statement (see `Projection.oneStatement`).
 */
export function caseRowProjection<Row extends CaseRow, Event>(
  entity: new () => Row,
  next: NextRow<Row, Event>,
  definition: CaseRowProjection,
  withoutRow = false,
): Projection {
  return {
    ...definition,
    tables: [{ name: tableOf(entity) }],
    ...(withoutRow ? { oneStatement: () => true } : {}),
    async apply(event: RecordedEvent, manager: EntityManager, log: ProjectionLog): Promise<void> {
      const caseId = (event.data as { caseId?: unknown }).caseId;
      if (typeof caseId !== 'string') return;
      const row = withoutRow
        ? null
        : await manager.getRepository(entity).findOne({
            where: { caseId } as FindOptionsWhere<Row>,
            lock: { mode: 'pessimistic_write' },
          });
      if (row && row.version >= event.streamVersion) return;
      const nextRow = await next(
        row,
        { type: event.type, data: event.data } as Event,
        event.streamVersion,
        new Date(event.recordedAt),
        () => log.readStream(event.streamId, { toVersion: event.streamVersion }),
      );
      if (nextRow) await writeUnlessBehind(manager, entity, nextRow);
    },
  };
}

/**
 * A case read model that is a view of the decider's whole state: each event re-folds the case's
 * (short) stream up to that event, so a missed or repeated update heals on the next one, and an
 * older fold never overwrites a newer one. The command runner writes it too, right after each
 * command (read-your-writes).
 */
export const refoldedCaseRowProjection = <Row extends CaseRow>(
  entity: new () => Row,
  view: (stream: readonly RecordedEvent[]) => Row | null,
  definition: Omit<CaseRowProjection, 'alsoWrittenBy'>,
): Projection =>
  caseRowProjection<Row, unknown>(
    entity,
    async (_row, _event, _version, _at, stream) => view(await stream()),
    {
      ...definition,
      alsoWrittenBy: WRITTEN_AFTER_EACH_COMMAND,
    },
    true,
  );
