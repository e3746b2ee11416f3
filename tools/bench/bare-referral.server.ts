/**
 * The bare-HTTP ceiling of `npm run bench:pipeline`: the durable work of accepting a referral with
 * nothing around it. node:http and `pg`, no framework: parse and validate the body, then in one
 * transaction append one event to a log table and write one read-model row. Tables in schema
 * `bench_ceiling` of DATABASE_URL. Listens on 127.0.0.1:PORT and prints `ready <url>`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { Pool } from 'pg';

const OFFENCES = new Set(['domestic-abuse', 'sexual-offence', 'hate-crime', 'violence', 'property', 'other']);
const RISKS = new Set(['low', 'medium', 'high']);

/** The field problems of a referral body (the checks intake's request validation makes, in short). */
function problems(body: unknown): string[] {
  const referral = (body ?? {}) as Record<string, unknown>;
  const incident = (referral['incident'] ?? {}) as Record<string, unknown>;
  const people = (referral['people'] ?? {}) as Record<string, unknown>;
  const found: string[] = [];
  if (typeof referral['receivingService'] !== 'string') found.push('receivingService');
  if (!OFFENCES.has(String(incident['offenceCategory']))) found.push('incident.offenceCategory');
  if (typeof incident['summary'] !== 'string') found.push('incident.summary');
  if (Number.isNaN(Date.parse(String(incident['date'])))) found.push('incident.date');
  for (const role of ['harmed', 'responsible']) {
    const list = people[role];
    if (!Array.isArray(list) || list.length === 0) found.push(`people.${role}`);
    else if (list.some((person) => typeof (person as Record<string, unknown>)['name'] !== 'string'))
      found.push(`people.${role}.name`);
  }
  if (!RISKS.has(String(referral['riskLevel']))) found.push('riskLevel');
  return found;
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 10 });
  await pool.query(`CREATE SCHEMA IF NOT EXISTS bench_ceiling;
    CREATE TABLE IF NOT EXISTS bench_ceiling.events (
      global_position bigserial PRIMARY KEY, stream_id text NOT NULL, version int NOT NULL,
      type text NOT NULL, data jsonb NOT NULL, UNIQUE (stream_id, version));
    CREATE TABLE IF NOT EXISTS bench_ceiling.referrals (
      case_id uuid PRIMARY KEY, status text NOT NULL, referral jsonb NOT NULL)`);
  let last = '{}';
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/sample') return answer(response, 200, JSON.parse(last));
    if (request.method !== 'POST' || request.url !== '/api/referrals') return answer(response, 404, {});
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return answer(response, 400, { problems: ['body'] });
        }
        const found = problems(body);
        if (found.length > 0) return answer(response, 400, { problems: found });
        const caseId = randomUUID();
        last = JSON.stringify({ type: 'ReferralSubmitted', data: { caseId, ...(body as object) } });
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query(
            'INSERT INTO bench_ceiling.events (stream_id, version, type, data) VALUES ($1, 1, $2, $3)',
            [`referral-${caseId}`, 'ReferralSubmitted', last],
          );
          await client.query(
            'INSERT INTO bench_ceiling.referrals (case_id, status, referral) VALUES ($1, $2, $3)',
            [caseId, 'submitted', JSON.stringify(body)],
          );
          await client.query('COMMIT');
          answer(response, 201, { caseId });
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          answer(response, 503, { problem: (error as Error).message });
        } finally {
          client.release();
        }
      })();
    });
  });
  server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(
      `ready http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`,
    );
  });
  process.once('SIGTERM', () => server.close(() => void pool.end()));
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
