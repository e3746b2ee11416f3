import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { GlobalPosition } from '@accord/event-store';
import { heardPositionsMigration, HeardPositions } from './heard-positions';

const schema = `heard_${randomUUID().slice(0, 8)}`;
const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
const dataSource = new DataSource({
  type: 'postgres',
  url: process.env['DATABASE_URL'],
  schema,
  migrations: [heardPositionsMigration(schema)],
});
const heard = new HeardPositions(pool, schema);
const position = (n: number) =>
  `${String(n).padStart(20, '0')}-${String(n).padStart(20, '0')}` as GlobalPosition;

describe('heard positions', () => {
  beforeAll(async () => {
    await pool.query(`CREATE SCHEMA "${schema}"`);
    await dataSource.initialize();
    await dataSource.runMigrations();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    await pool.end();
  });

  it("gives a case's heard events back as consistency parts, so an answer can carry them on to the next service", async () => {
    const caseId = randomUUID();
    const other = randomUUID();
    await heard.record({ source: '/accord/screening', subject: caseId.toUpperCase(), position: position(7) });
    await heard.record({ source: '/accord/screening', subject: caseId, position: position(5) });
    await heard.record({ source: '/accord/consent', subject: caseId, position: position(9) });
    await heard.record({ source: '/accord/consent', subject: other, position: position(11) });

    const parts = await heard.ofCase(caseId);
    expect(parts.sort((a, b) => a.service.localeCompare(b.service))).toEqual([
      { service: 'consent', caseId, position: position(9) },
      // The furthest heard: an older message recorded later does not move it back.
      { service: 'screening', caseId, position: position(7) },
    ]);
    expect(await heard.missing(parts)).toEqual([]);
    expect(await heard.missing([{ service: 'screening', caseId, position: position(8) }])).toHaveLength(1);
    expect(await heard.ofCase(randomUUID())).toEqual([]);
  });
});
