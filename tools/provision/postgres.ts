import { resolve } from 'node:path';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { SERVICE_NAMES, serviceDeclaration, serviceRoot, type ServiceName } from '@accord/contracts';
import { DEFAULT_SCHEMA, migrate } from '@accord/event-store';
import { readModelDataSourceOptions, readModelSchema, type ServiceDefinition } from '@accord/platform';
import { DurableScheduler } from '@accord/scheduler';
import { databaseIdentities, derivedPassword, roleUrl, type DatabaseIdentities } from './identities';

const SCHEDULER_SCHEMA = 'scheduler';
const ROOT = resolve(__dirname, '..', '..');

export interface ProvisionedDatabase {
  readonly identities: DatabaseIdentities;
  readonly ownerUrl: string;
  /** Each service's DATABASE_URL: the operator's server and database, the service's own role. */
  readonly serviceUrls: Readonly<Record<ServiceName, string>>;
  readonly migrated: readonly string[];
}

type Log = (message: string) => void;

/** A service's definition (its read-model migrations): `<serviceRoot>/src/<service>.service.ts`. */
function serviceDefinition(service: ServiceName): ServiceDefinition | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(resolve(ROOT, serviceRoot(service), 'src', `${service}.service`)) as Record<
    string,
    unknown
  >;
  return Object.values(exported).find(
    (value): value is ServiceDefinition =>
      typeof value === 'object' && value !== null && (value as { name?: unknown }).name === service,
  );
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

const withReadModels = (): ServiceName[] =>
  SERVICE_NAMES.filter((name) => serviceDeclaration(name).readModels);

/** Every schema Accord keeps: the event store, the scheduler, each service's read models. */
const accordSchemas = (): string[] => [
  DEFAULT_SCHEMA,
  SCHEDULER_SCHEMA,
  ...withReadModels().map(readModelSchema),
];

/**
 * Step 1, as the operator (DATABASE_URL; needs CREATEROLE): the owner role and one role per
 * service, with derived passwords; the owner owns every Accord schema and what is in it.
 */
async function createRolesAndSchemas(
  operator: Client,
  ids: DatabaseIdentities,
  secret: string,
): Promise<void> {
  const { rows } = await operator.query<{ superuser: boolean }>(
    'SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user',
  );
  for (const role of [ids.owner, ...Object.values(ids.services)]) {
    const password = literal(derivedPassword(secret, `postgres:${role}`));
    const exists = await operator.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    await operator.query(
      exists.rowCount === 0
        ? `CREATE ROLE ${ident(role)} LOGIN PASSWORD ${password}`
        : `ALTER ROLE ${ident(role)} LOGIN PASSWORD ${password}`,
    );
    await operator.query(`GRANT CONNECT ON DATABASE ${ident(ids.database)} TO ${ident(role)}`);
  }
  await operator.query(`GRANT CREATE ON DATABASE ${ident(ids.database)} TO ${ident(ids.owner)}`);
  // A managed database's admin is no superuser: it hands objects to the owner as a member of it.
  if (!rows[0]?.superuser) await operator.query(`GRANT ${ident(ids.owner)} TO current_user`);
  for (const schema of accordSchemas()) {
    await operator.query(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)} AUTHORIZATION ${ident(ids.owner)}`);
    await operator.query(`ALTER SCHEMA ${ident(schema)} OWNER TO ${ident(ids.owner)}`);
    // Objects made before roles existed (or by a service started with the operator's URL) move over.
    await operator.query(
      `DO $do$
       DECLARE r record;
       BEGIN
         FOR r IN SELECT format('ALTER %s %I.%I OWNER TO %I',
                                CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                                               WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                                n.nspname, c.relname, ${literal(ids.owner)}) AS stmt
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = ${literal(schema)} AND c.relkind IN ('r', 'p', 'v', 'm')
                     AND pg_get_userbyid(c.relowner) <> ${literal(ids.owner)}
         LOOP EXECUTE r.stmt; END LOOP;
         FOR r IN SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, ${literal(ids.owner)}) AS stmt
                    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                   WHERE n.nspname = ${literal(schema)} AND pg_get_userbyid(p.proowner) <> ${literal(ids.owner)}
         LOOP EXECUTE r.stmt; END LOOP;
       END $do$`,
    );
  }
}

/** Step 2, as the owner: every migration (event store, scheduler, each service's read models). */
async function migrateAll(ownerUrl: string, log: Log): Promise<string[]> {
  const done: string[] = [];
  const pool = new Pool({ connectionString: ownerUrl, max: 2 });
  try {
    const store = await migrate(pool, { schema: DEFAULT_SCHEMA });
    done.push(`${store.schema}: ${store.applied.length} applied, ${store.alreadyApplied.length} already`);
    await new DurableScheduler({
      pool,
      service: 'migrate',
      schema: SCHEDULER_SCHEMA,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    }).migrate();
    done.push(`${SCHEDULER_SCHEMA}: ready`);
  } finally {
    await pool.end();
  }
  for (const service of withReadModels()) {
    const readModels = serviceDefinition(service)?.readModels;
    if (!readModels) throw new Error(`${service} declares read models but its definition has none`);
    const dataSource = new DataSource({
      ...readModelDataSourceOptions(service, readModels, ownerUrl),
      entities: [],
    });
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      done.push(`${readModelSchema(service)}: ${applied.length} applied`);
    } finally {
      await dataSource.destroy();
    }
  }
  log(`migrated as the owner role: ${done.join('; ')}`);
  return done;
}

/**
 * Step 3, as the owner: least privilege, enforced by the database.
 *  - a service reads the event store and may append only to its own streams (`<service>.…`):
 *    row-level security WITH CHECK on INSERT, per role (ADR 0005); nobody may update or delete an
 *    event (no grant, and the append-only triggers);
 *  - a service writes only its own read-model schema, its own timers (if the manifest gives it
 *    timers) and its own relay checkpoint;
 *  - audit also runs the sealer (the seal tables) and erasure (person keys), and reads every stream.
 */
async function grant(owner: Client, ids: DatabaseIdentities): Promise<void> {
  const es = ident(DEFAULT_SCHEMA);
  const sched = ident(SCHEDULER_SCHEMA);
  const all = Object.values(ids.services).map(ident).join(', ');
  const sql: string[] = [
    `GRANT USAGE ON SCHEMA ${es}, ${sched} TO ${all}`,
    `GRANT SELECT ON ALL TABLES IN SCHEMA ${es} TO ${all}`,
    `GRANT INSERT ON ${es}.events, ${es}.person_keys, ${es}.checkpoints TO ${all}`,
    `GRANT UPDATE ON ${es}.checkpoints TO ${all}`,
    `REVOKE ALL ON ${sched}.timers FROM ${all}`,
    `ALTER TABLE ${es}.events ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${es}.checkpoints ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${sched}.timers ENABLE ROW LEVEL SECURITY`,
    `DROP POLICY IF EXISTS accord_read ON ${es}.events`,
    `CREATE POLICY accord_read ON ${es}.events FOR SELECT USING (true)`,
    `DROP POLICY IF EXISTS accord_read ON ${es}.checkpoints`,
    `CREATE POLICY accord_read ON ${es}.checkpoints FOR SELECT USING (true)`,
  ];
  for (const [service, role] of Object.entries(ids.services) as [ServiceName, string][]) {
    const relay = literal(`relay:${service}`);
    sql.push(
      `DROP POLICY IF EXISTS ${ident(`${role}_append`)} ON ${es}.events`,
      `CREATE POLICY ${ident(`${role}_append`)} ON ${es}.events FOR INSERT TO ${ident(role)}
         WITH CHECK (starts_with(stream_id, ${literal(`${service}.`)}))`,
      `DROP POLICY IF EXISTS ${ident(`${role}_relay`)} ON ${es}.checkpoints`,
      `CREATE POLICY ${ident(`${role}_relay`)} ON ${es}.checkpoints FOR ALL TO ${ident(role)}
         USING (name = ${relay}) WITH CHECK (name = ${relay})`,
      `DROP POLICY IF EXISTS ${ident(`${role}_timers`)} ON ${sched}.timers`,
    );
    if (serviceDeclaration(service).timers.length > 0)
      sql.push(
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ${sched}.timers TO ${ident(role)}`,
        `CREATE POLICY ${ident(`${role}_timers`)} ON ${sched}.timers FOR ALL TO ${ident(role)}
           USING (service = ${literal(service)}) WITH CHECK (service = ${literal(service)})`,
      );
    if (!serviceDeclaration(service).readModels) continue;
    const schema = ident(readModelSchema(service));
    sql.push(
      `GRANT USAGE ON SCHEMA ${schema} TO ${ident(role)}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${ident(role)}`,
      `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${ident(role)}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${ident(role)}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${ident(role)}`,
    );
  }
  const audit = ident(ids.services.audit);
  sql.push(
    `GRANT INSERT ON ${es}.seal, ${es}.seal_checkpoints, ${es}.erased_persons TO ${audit}`,
    `GRANT DELETE ON ${es}.person_keys TO ${audit}`,
  );
  await owner.query('BEGIN');
  try {
    for (const statement of sql) await owner.query(statement);
    await owner.query('COMMIT');
  } catch (error) {
    await owner.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Provisions Accord's PostgreSQL identities from the operator's one URL: roles, ownership, every
 * migration as the owner, then the grants and policies. Idempotent; run by infra/up.sh,
 * `npm run migrate` and the test harness.
 */
export async function provisionPostgres(
  operatorUrl: string,
  secret: string,
  log: Log,
): Promise<ProvisionedDatabase> {
  const ids = databaseIdentities(operatorUrl);
  const ownerUrl = roleUrl(operatorUrl, ids.owner, secret);
  const operator = new Client({ connectionString: operatorUrl });
  await operator.connect();
  try {
    // One provisioning at a time per database (parallel test runs, replicas' init jobs).
    await operator.query('SELECT pg_advisory_lock(hashtext($1))', [`accord.provision.${ids.database}`]);
    await createRolesAndSchemas(operator, ids, secret);
    const migrated = await migrateAll(ownerUrl, log);
    const owner = new Client({ connectionString: ownerUrl });
    await owner.connect();
    try {
      await grant(owner, ids);
    } finally {
      await owner.end();
    }
    log(`roles ${ids.owner} (owner, migrations) and ${Object.values(ids.services).join(', ')} provisioned`);
    return {
      identities: ids,
      ownerUrl,
      serviceUrls: Object.fromEntries(
        Object.entries(ids.services).map(([service, role]) => [service, roleUrl(operatorUrl, role, secret)]),
      ) as Record<ServiceName, string>,
      migrated,
    };
  } finally {
    await operator.end();
  }
}
