import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'pg';
import {
  EVENT_STORE_MIGRATIONS,
  MasterKey,
  migrate,
  PostgresEventStore,
  SealSigningKey,
  streamName,
} from '@accord/event-store';
import { eventually } from '@accord/testing';
import { runAuditCli } from '../cli';
import { checkpointMessage, checkSignature, latestCheckpoint, type ExportedCheckpoint } from './checkpoint';

const repoRoot = resolve(__dirname, '..', '..', '..', '..');
const admin = new Pool({ connectionString: process.env['DATABASE_URL'] ?? '', max: 2 });
const schemas: string[] = [];
const freshSchema = () => {
  const schema = `audit_cp_${randomBytes(5).toString('hex')}`;
  schemas.push(schema);
  return schema;
};
const newSigningKey = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');

/**
 * Nothing from the test's own environment (which carries DATABASE_URL and SEAL_SIGNING_KEY), and
 * empty values so .accord/infra.env cannot fill them in: the CLI gets only what the test gives it.
 */
const offlineEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  PATH: process.env['PATH'],
  DATABASE_URL: '',
  EVENT_STORE_MASTER_KEY: '',
  SEAL_SIGNING_KEY: '',
  SEAL_PUBLIC_KEY: '',
  ...extra,
});

interface Run {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** `npm run audit -- …` as a user runs it: its own process. */
function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((done, failed) => {
    const child = spawn(
      process.execPath,
      ['-r', './tools/ts-register.cjs', 'services/audit/src/cli.ts', ...args],
      { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', failed);
    child.on('close', (code) => done({ code, out, err }));
  });
}

async function inProcess(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runAuditCli(args, env, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

afterAll(async () => {
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
});

describe('a seal checkpoint checked offline', () => {
  const signingKey = newSigningKey();
  const key = new SealSigningKey(signingKey);
  const dir = mkdtempSync(join(tmpdir(), 'audit-offline-'));
  const file = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  /** `verify` of the checkpoint file, trusting the public key file when one is given. */
  const verifyArgs = (checkpointFile: string, publicKeyFile?: string): string[] => [
    'verify',
    '--checkpoint',
    checkpointFile,
    ...(publicKeyFile === undefined ? [] : ['--public-key', publicKeyFile]),
  ];
  let checkpoint: ExportedCheckpoint;

  beforeAll(async () => {
    const schema = freshSchema();
    const store = await PostgresEventStore.create({
      connectionString: process.env['DATABASE_URL'] ?? '',
      schema,
      sealSigningKey: signingKey,
    });
    try {
      const streamId = streamName('audit', 'Offline', randomUUID());
      for (let version = 0; version < 3; version++)
        await store.appendToStream(
          streamId,
          [
            {
              eventId: randomUUID(),
              type: 'ThingHappened',
              schemaVersion: 1,
              data: { version },
              metadata: {
                correlationId: randomUUID(),
                causationId: randomUUID(),
                actor: 'user:test',
                occurredAt: new Date().toISOString(),
              },
            },
          ],
          { expectedVersion: version === 0 ? 'no-stream' : version - 1 },
        );
      // Other suites' open transactions hold the horizon back for moments.
      checkpoint = await eventually(async () => {
        await store.sealPending({ forceCheckpoint: true });
        const latest = await latestCheckpoint(admin, schema);
        expect(latest?.sealSeq).toBe('3');
        return latest as ExportedCheckpoint;
      });
    } finally {
      await store.close();
    }
  }, 60_000);

  it('is valid with the public key alone, no database and no secret', async () => {
    const run = await spawnCli(
      verifyArgs(file('good.json', JSON.stringify(checkpoint)), file('seal.pem', key.publicKey.pem)),
      offlineEnv(),
    );
    expect(run.err).toBe(
      `VALID: seal checkpoint 3: Ed25519 signature by seal key ${key.keyId}, the public key you trust; the log itself was not checked (no DATABASE_URL)\n`,
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out) as Record<string, unknown>;
    expect(report).toMatchObject({ intact: true, checkpoint: { algorithm: 'Ed25519', inLog: null } });
    expect(report).not.toHaveProperty('log');
  }, 60_000);

  it('is invalid once any signed field of the file was changed', async () => {
    const run = await spawnCli(
      verifyArgs(
        file('tampered.json', JSON.stringify({ ...checkpoint, sealSeq: '2' })),
        file('seal.pem', key.publicKey.pem),
      ),
      offlineEnv(),
    );
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^INVALID: seal checkpoint 2: the signature does not match the checkpoint/);
    expect(JSON.parse(run.out)).toMatchObject({
      intact: false,
      checkpoint: { signature: { problem: 'signature-invalid' } },
    });
  }, 60_000);

  it('trusts only the key the auditor brings, never the one inside the file', async () => {
    const good = file('good.json', JSON.stringify(checkpoint));
    const otherKey = file('other.pem', new SealSigningKey(newSigningKey()).publicKey.pem);
    const other = await inProcess(verifyArgs(good, otherKey), offlineEnv());
    expect(other.code).toBe(1);
    expect(JSON.parse(other.out)).toMatchObject({ checkpoint: { signature: { problem: 'other-key' } } });

    const none = await inProcess(verifyArgs(good), offlineEnv());
    expect(none.code).toBe(3);
    expect(none.err).toMatch(/^NOT ESTABLISHED: .*authenticity NOT established/);

    // A forger's file: their own key inside, their own signature, the real key id.
    const forger = new SealSigningKey(newSigningKey());
    const forgedFields = { ...checkpoint, sealHash: '0'.repeat(64) };
    const message = checkpointMessage(
      forgedFields.sealSeq,
      forgedFields.sealHash,
      forgedFields.globalPosition,
    );
    const forged = file(
      'forged.json',
      JSON.stringify({
        ...forgedFields,
        publicKey: forger.publicKey.pem,
        signature: forger.sign(message).toString('base64'),
      }),
    );
    expect((await inProcess(verifyArgs(forged), offlineEnv())).code).toBe(1);
    const withKey = await inProcess(verifyArgs(forged), offlineEnv({ SEAL_PUBLIC_KEY: key.publicKey.pem }));
    expect(withKey.code).toBe(1);
    expect(JSON.parse(withKey.out)).toMatchObject({
      checkpoint: {
        trustedKey: { keyId: key.keyId, from: 'SEAL_PUBLIC_KEY' },
        signature: { problem: 'signature-invalid' },
      },
    });
  });

  it('refuses a public key file that is not one, as a usage error', async () => {
    const run = await inProcess(
      verifyArgs(file('good.json', JSON.stringify(checkpoint)), file('bad.pem', 'hello')),
      offlineEnv(),
    );
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^--public-key .*bad\.pem: the seal public key is not an SPKI public key/);
  });

  it('hands out the public key of the configured signing key for safe keeping', async () => {
    const run = await spawnCli(['public-key'], offlineEnv({ SEAL_SIGNING_KEY: signingKey }));
    expect(run.code).toBe(0);
    expect(run.out).toBe(key.publicKey.pem);
    expect(run.err).toContain(`seal key ${key.keyId}`);
    expect((await inProcess(['public-key'], offlineEnv())).code).toBe(1);
  }, 60_000);
});

describe('a checkpoint written before seal checkpoints were Ed25519', () => {
  it('reads back as HMAC-SHA256 after migration 0003, checkable with the master key only', async () => {
    const schema = freshSchema();
    await migrate(admin, { schema, migrations: EVENT_STORE_MIGRATIONS.slice(0, 2) });
    const master = new MasterKey(randomBytes(32));
    const hash = 'ab'.repeat(32);
    const position = '00000000000000000123-00000000000000000456';
    await admin.query(
      `INSERT INTO ${schema}.seal_checkpoints (seal_seq, seal_hash, transaction_id, global_position, key_id, signature)
       VALUES (7, decode($1, 'hex'), '123'::xid8, 456, $2, $3)`,
      [hash, master.keyId, master.sign(checkpointMessage('7', hash, position))],
    );
    expect((await migrate(admin, { schema })).applied).toContain('0003_ed25519_seal_checkpoints');

    const legacy = await latestCheckpoint(admin, schema);
    expect(legacy).toMatchObject({
      format: 'accord-seal-checkpoint/v2',
      sealSeq: '7',
      globalPosition: position,
      algorithm: 'HMAC-SHA256',
      keyId: master.keyId,
      publicKey: null,
    });
    const exported = legacy as ExportedCheckpoint;
    const sealKey = new SealSigningKey(newSigningKey());
    expect(checkSignature(exported, { publicKey: sealKey.publicKey }).problem).toBe('not-verifiable-offline');
    expect(checkSignature(exported, { masterKey: master })).toMatchObject({ valid: true });
  });
});
