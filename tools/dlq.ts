// `npm run dlq -- list|show|replay <service> …`: inspect and re-drive what a service parked in its
// dead-letter topic. Reads DATABASE_URL and KAFKA_BROKERS (or .accord/infra.env from `npm start`)
// and its own Kafka identity (KAFKA_SASL_*, or .accord/identities/dlq.env).
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { isServiceName, SERVICE_NAMES, topics } from '@accord/contracts';
import { readEnvFile } from '@accord/platform';
import {
  DeadLetterQueue,
  KafkaConnection,
  kafkaSecurityFromEnv,
  recordingLogger,
  type KafkaSecurity,
  type ParkedMessage,
} from '@accord/messaging';

const usage = `usage:
  npm run dlq -- list <service>
  npm run dlq -- show <service> <partition:offset>
  npm run dlq -- replay <service> (<partition:offset>… | --all) [--force]
services: ${SERVICE_NAMES.join(', ')}`;

/**
 * The operator's settings (.accord/infra.env) and the DLQ tool's own Kafka identity
 * (.accord/identities/dlq.env: it may read dead-letter topics and re-drive into retry topics, nothing
 * else); the environment wins over both.
 */
function environment(): { databaseUrl: string; brokers: string[]; security: KafkaSecurity } {
  const state = resolve(__dirname, '..', '.accord');
  const env: NodeJS.ProcessEnv = {
    ...readEnvFile(resolve(state, 'infra.env')),
    ...readEnvFile(resolve(state, 'identities', 'dlq.env')),
    ...process.env,
  };
  const databaseUrl = env['DATABASE_URL'];
  const brokers = env['KAFKA_BROKERS'];
  if (!databaseUrl || !brokers)
    throw new Error('set DATABASE_URL and KAFKA_BROKERS (or run `npm run infra:up` first)');
  return { databaseUrl, brokers: brokers.split(','), security: kafkaSecurityFromEnv(env) };
}

function table(messages: readonly ParkedMessage[]): string {
  const rows = messages.map((m) => [
    m.ref,
    m.failedAt,
    m.reason,
    m.type,
    m.key ?? '',
    String(m.attempts),
    m.replayedAt ? `replayed ${m.replayedAt}` : '',
    m.error.slice(0, 60),
  ]);
  const header = ['ref', 'failed at', 'reason', 'type', 'case', 'attempts', 'replay', 'error'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, service, ...rest] = argv;
  if (!command || !service || !['list', 'show', 'replay'].includes(command) || !isServiceName(service)) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const { databaseUrl, brokers, security } = environment();
  const pool = new Pool({ connectionString: databaseUrl });
  const connection = new KafkaConnection({
    clientId: 'accord-dlq-cli',
    brokers,
    logger: recordingLogger(),
    security,
  });
  const dlq = new DeadLetterQueue(connection, pool, topics.dlq(service), topics.retry(service));
  try {
    if (command === 'list') {
      const parked = await dlq.list();
      process.stdout.write(
        parked.length === 0
          ? `${dlq.topic} is empty\n`
          : `${table(parked)}\n${parked.length} message(s) in ${dlq.topic}\n`,
      );
      return 0;
    }
    if (command === 'show') {
      const ref = rest[0];
      const message = (await dlq.list()).find((m) => m.ref === ref);
      if (!message) {
        process.stderr.write(`no message ${ref ?? '(none given)'} in ${dlq.topic}\n`);
        return 1;
      }
      let value: unknown = message.value;
      try {
        value = JSON.parse(message.value ?? '');
      } catch {
        // Shown as stored: an unreadable value is often why it was parked.
      }
      process.stdout.write(`${JSON.stringify({ ...message, value }, null, 2)}\n`);
      return 0;
    }
    const all = rest.includes('--all');
    const refs = rest.filter((arg) => !arg.startsWith('--'));
    if (!all && refs.length === 0) {
      process.stderr.write(`${usage}\n`);
      return 2;
    }
    const replayed = await dlq.replay(all ? 'all' : refs, { force: rest.includes('--force') });
    process.stdout.write(
      replayed.length === 0
        ? 'nothing to replay (already replayed ones need --force)\n'
        : `re-driven through ${topics.retry(service)}: ${replayed.join(', ')}\n`,
    );
    return 0;
  } finally {
    await connection.close();
    await pool.end();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`dlq: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
