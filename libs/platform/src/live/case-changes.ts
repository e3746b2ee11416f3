import type { MigrationInterface } from 'typeorm';
import { plainIdentifier, sqlMigration } from '../projections/sql-migration';

/**
 * Read models announce that a case's rows changed (`accord_case_changed`, payload `{"caseId": …}`,
 * after the projection's transaction commits), so whoever shows the case can load it again the
 * moment the new answer is readable — not when some other service's view happens to move. The
 * payload names only the case: who may hear of it is decided by the listener (intake's stream of
 * changes, which knows each case's two agencies).
 */
export const CASE_CHANGED_CHANNEL = 'accord_case_changed';

/**
 * The migration a service with read models runs when it declares `announces` (added by the
 * platform): a trigger on each named table, whose rows carry a `case_id`.
 */
export function caseChangesMigration(
  schema: string,
  tables: readonly string[],
): new () => MigrationInterface {
  for (const name of [schema, ...tables]) plainIdentifier(name);
  return sqlMigration({
    name: 'AnnounceCaseChanges1796342400000',
    // Replicas starting at once would replace the same function concurrently.
    lock: `accord.${schema}.case-changes`,
    up: [
      `CREATE OR REPLACE FUNCTION "${schema}".announce_case_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('${CASE_CHANGED_CHANNEL}', json_build_object('caseId', NEW.case_id)::text);
          RETURN NULL;
        END
        $$`,
      ...tables.flatMap((table) => [
        `DROP TRIGGER IF EXISTS case_changed ON "${schema}"."${table}"`,
        `CREATE TRIGGER case_changed AFTER INSERT OR UPDATE ON "${schema}"."${table}"
          FOR EACH ROW EXECUTE FUNCTION "${schema}".announce_case_change()`,
      ]),
    ],
    down: [
      ...tables.map((table) => `DROP TRIGGER IF EXISTS case_changed ON "${schema}"."${table}"`),
      `DROP FUNCTION IF EXISTS "${schema}".announce_case_change()`,
    ],
  });
}
