import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort, freshTopic } from '@accord/testing';
import { KafkaConnection } from './kafka-connection';
import { kafkaSecurityFromEnv } from './kafka-security';
import { recordingLogger } from './testing-logger';

const run = promisify(execFile);
const root = resolve(__dirname, '..', '..', '..');

// A broker of its own (infra/kafka/kafka.sh with ACCORD_KAFKA_TLS=1): SASL/SCRAM over TLS with a
// self-signed certificate made by keytool. Started once here; every other test uses plaintext SASL.
describe('infra/kafka/kafka.sh with ACCORD_KAFKA_TLS=1', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'accord-kafka-tls-'));
  let env: NodeJS.ProcessEnv;
  let adminEnv: Record<string, string>;
  const connections: KafkaConnection[] = [];
  const kafka = (command: 'up' | 'down' | 'admin-env') =>
    run('bash', [resolve(root, 'infra/kafka/kafka.sh'), command], { env, timeout: 300_000 });

  beforeAll(async () => {
    chmodSync(stateDir, 0o755);
    env = {
      ...process.env,
      ACCORD_STATE_DIR: stateDir,
      ACCORD_KAFKA_PORT: String(await freePort()),
      ACCORD_KAFKA_CONTROLLER_PORT: String(await freePort()),
      ACCORD_KAFKA_TLS: '1',
      ACCORD_KAFKA_HEAP: '256m',
    };
    await kafka('up');
    adminEnv = Object.fromEntries(
      (await kafka('admin-env')).stdout
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
  }, 300_000);

  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.close()));
    await kafka('down').catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);

  const connect = (overrides: Record<string, string | undefined>) => {
    const connection = new KafkaConnection({
      clientId: 'accord-tls-test',
      brokers: [`127.0.0.1:${env['ACCORD_KAFKA_PORT']}`],
      logger: recordingLogger(),
      security: kafkaSecurityFromEnv({ ...adminEnv, ...overrides }),
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
    });
    connections.push(connection);
    return connection;
  };

  it('serves SASL/SCRAM over TLS to a client trusting its certificate, and nothing in plaintext', async () => {
    expect(adminEnv['KAFKA_TLS_CA_FILE']).toBe(join(stateDir, 'kafka', 'tls', 'ca.pem'));
    const trusted = connect({});
    expect((await trusted.probe(30_000)).brokers).toBe(1);
    const topic = freshTopic();
    await trusted.ensureTopics([topic], 1);
    const producer = await trusted.producer();
    await expect(
      producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'over TLS' }] }),
    ).resolves.toHaveLength(1);

    // The same credentials without TLS, and TLS without trusting the certificate, are refused.
    await expect(connect({ KAFKA_TLS_CA_FILE: undefined }).probe(8_000)).rejects.toThrow();
    await expect(connect({ KAFKA_TLS_CA_FILE: undefined, KAFKA_TLS: 'true' }).probe(8_000)).rejects.toThrow();
  });
});
