import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A name SQL takes between double quotes without escaping: lower-case letters, digits and `_`. */
export const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** `name`, when it is a plain identifier; otherwise throws, saying what it should have been. */
export function plainIdentifier(name: string, what = 'identifier'): string {
  if (!PLAIN_IDENTIFIER.test(name)) throw new Error(`not a plain ${what}: ${JSON.stringify(name)}`);
  return name;
}

/** A migration written as plain SQL statements. */
export interface SqlMigration {
  /** `<Name><13-digit timestamp>`: what the migrations table records, so it never changes once released. */
  readonly name: string;
  /**
   * Serialises replicas that start at once: a transaction-scoped advisory lock on this key is taken
   * first, and every statement is written to tolerate what the other replica already did.
   */
  readonly lock?: string;
  readonly up: readonly string[];
  readonly down: readonly string[];
}

/** The migration class TypeORM runs for `migration`: its statements, in order, in one transaction. */
export function sqlMigration(migration: SqlMigration): new () => MigrationInterface {
  return class implements MigrationInterface {
    readonly name = migration.name;

    async up(runner: QueryRunner): Promise<void> {
      if (migration.lock) await runner.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [migration.lock]);
      for (const statement of migration.up) await runner.query(statement);
    }

    async down(runner: QueryRunner): Promise<void> {
      for (const statement of migration.down) await runner.query(statement);
    }
  };
}

/**
 * A migration of one service's schema, under the service's advisory lock (`accord.<service>.migrations`)
 * so that replicas starting at once run it one after the other.
 */
export const serviceMigration = (
  service: string,
  name: string,
  statements: Pick<SqlMigration, 'up' | 'down'>,
): new () => MigrationInterface =>
  sqlMigration({ name, lock: `accord.${service}.migrations`, ...statements });

/** Where a service's projection runner keeps how far each projection has read the log. */
export const projectionCheckpointsTable = {
  create: (schema: string): string =>
    `create table if not exists "${schema}"."projection_checkpoints" (
        name       text primary key,
        position   text not null,
        updated_at timestamptz not null default now()
      )`,
  drop: (schema: string): string => `drop table if exists "${schema}"."projection_checkpoints"`,
};

/** A migration that only adds the projection checkpoints table to a service's schema. */
export const projectionCheckpointsMigration = (schema: string, name: string): new () => MigrationInterface =>
  sqlMigration({
    name,
    up: [projectionCheckpointsTable.create(schema)],
    down: [projectionCheckpointsTable.drop(schema)],
  });
