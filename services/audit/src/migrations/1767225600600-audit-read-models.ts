import { serviceMigration } from '@accord/platform';

/**
 * Audit's own records (not events: audit writes no streams): who read which case's personal data,
 * and who erased whom. Both are append-only, like the log they watch over. Safe when two replicas
 * start at once: a transaction-scoped advisory lock serialises them.
 */
const APPEND_ONLY_TABLES = ['access_log', 'erasures'];

export const AuditReadModels1767225600600 = serviceMigration('audit', 'AuditReadModels1767225600600', {
  up: [
    `
      CREATE TABLE IF NOT EXISTS audit.access_log (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        case_id        text NOT NULL,
        at             timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor          text NOT NULL,
        agency         text NOT NULL,
        roles          text[] NOT NULL,
        endpoint       text NOT NULL,
        correlation_id text
      )`,
    `CREATE INDEX IF NOT EXISTS access_log_case_idx ON audit.access_log (case_id, at)`,
    `
      CREATE TABLE IF NOT EXISTS audit.erasures (
        person_id      text PRIMARY KEY,
        erased_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
        erased_by      text NOT NULL,
        agency         text NOT NULL,
        reason         text NOT NULL,
        correlation_id text
      )`,
    `
    CREATE OR REPLACE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      RAISE EXCEPTION '%.% is append-only: % refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP;
    END
    $fn$`,
    ...APPEND_ONLY_TABLES.flatMap((table) => [
      `DROP TRIGGER IF EXISTS ${table}_append_only ON audit.${table}`,
      `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit.${table}
         FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()`,
    ]),
  ],
  down: [
    `DROP TABLE IF EXISTS audit.access_log`,
    `DROP TABLE IF EXISTS audit.erasures`,
    `DROP FUNCTION IF EXISTS audit.refuse_change()`,
  ],
});
