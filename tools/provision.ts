// Provisions Accord's per-service identities from the operator's settings (infra/up.sh, the test
// harness, `npm run migrate` for PostgreSQL alone):
//   PostgreSQL (DATABASE_URL, the operator's one URL): an owner role that runs every migration and
//   a role per service (row-level security: a service appends only to its own streams);
//   Kafka (KAFKA_BROKERS as the admin, KAFKA_SASL_*): Accord's topics and each identity's ACLs.
// Passwords are derived from ACCORD_CREDENTIALS_SECRET (else .accord/secrets.env, made once).
//   provision --write <dir>   one <identity>.env per service and the DLQ tool (DATABASE_URL,
//                             KAFKA_SASL_* …), mode 0600
//   provision --json          the same as JSON on stdout: { "<identity>": { "DATABASE_URL": … } }
//   provision --kafka-users   "<user> <password>" per Kafka user, the admin first (infra/kafka/kafka.sh
//                             bootstraps them); touches neither database nor broker
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '@accord/contracts';
import {
  applyAccessPlan,
  KAFKA_ADMIN_USER,
  KAFKA_SECURITY_VARIABLES,
  KafkaConnection,
  kafkaSecurityFromEnv,
  kafkaUsers,
  recordingLogger,
} from '@accord/messaging';
import { credentialsSecret, derivedPassword, stateDir } from './provision/identities';
import { provisionPostgres } from './provision/postgres';

type ServiceEnv = Record<string, Record<string, string>>;

const log = (message: string): void => void process.stderr.write(`[provision] ${message}\n`);

const kafkaPassword = (secret: string, user: string): string => derivedPassword(secret, `kafka:${user}`);

/** Each identity's Kafka settings: its own SASL user, over the operator's transport (TLS or not). */
async function provisionKafka(secret: string): Promise<Record<string, Record<string, string>>> {
  const operator = kafkaSecurityFromEnv();
  if (!process.env['KAFKA_BROKERS'] || !operator.sasl) {
    log(
      'Kafka: no admin credentials (KAFKA_SASL_USERNAME/PASSWORD): per-service Kafka identities not provisioned',
    );
    return {};
  }
  const connection = new KafkaConnection({
    clientId: 'accord-provision',
    brokers: process.env['KAFKA_BROKERS'].split(','),
    logger: recordingLogger(),
    security: operator,
  });
  try {
    const acls = await applyAccessPlan(connection);
    log(`Kafka: topics provisioned, ${acls} ACLs in force for ${kafkaUsers().join(', ')}`);
  } finally {
    await connection.close();
  }
  const transport = pickTransportVariables(process.env);
  return Object.fromEntries(
    kafkaUsers().map((user) => [
      user,
      {
        ...transport,
        [KAFKA_SECURITY_VARIABLES.mechanism]: operator.sasl?.mechanism ?? 'scram-sha-512',
        [KAFKA_SECURITY_VARIABLES.username]: user,
        [KAFKA_SECURITY_VARIABLES.password]: kafkaPassword(secret, user),
      },
    ]),
  );
}

function pickTransportVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    [KAFKA_SECURITY_VARIABLES.tls, KAFKA_SECURITY_VARIABLES.caFile]
      .filter((name) => env[name])
      .map((name) => [name, env[name] ?? '']),
  );
}

async function main(argv: readonly string[]): Promise<number> {
  const state = stateDir();
  const secret = credentialsSecret(resolve(state, 'secrets.env'));
  if (argv.includes('--kafka-users')) {
    for (const user of [KAFKA_ADMIN_USER, ...kafkaUsers()])
      process.stdout.write(`${user} ${kafkaPassword(secret, user)}\n`);
    return 0;
  }
  const operatorUrl = process.env['DATABASE_URL'];
  if (!operatorUrl) {
    process.stderr.write('provision: DATABASE_URL (the operator URL) is not set\n');
    return 2;
  }
  const database = await provisionPostgres(operatorUrl, secret, log);
  const kafka = await provisionKafka(secret);
  const env: ServiceEnv = Object.fromEntries(
    [...new Set([...SERVICE_NAMES, ...Object.keys(kafka)])].map((identity) => [
      identity,
      {
        ...(identity in database.serviceUrls
          ? { DATABASE_URL: database.serviceUrls[identity as ServiceName] }
          : {}),
        ...kafka[identity],
      },
    ]),
  );

  const writeIndex = argv.indexOf('--write');
  if (writeIndex >= 0) {
    const dir = resolve(argv[writeIndex + 1] ?? resolve(state, 'identities'));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const identity of Object.keys(env)) {
      const file = resolve(dir, `${identity}.env`);
      writeFileSync(
        file,
        Object.entries(env[identity] ?? {})
          .map(([key, value]) => `${key}=${value}\n`)
          .join(''),
        { mode: 0o600 },
      );
      chmodSync(file, 0o600);
    }
    log(`each identity's settings written to ${dir}/<identity>.env`);
  }
  if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(env)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`provision: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
