import { randomUUID } from 'node:crypto';
import {
  GENESIS_HASH,
  MasterKey,
  PostgresEventStore,
  SealSigningKey,
  checkpointMessage,
  globalPositionFromDecimals,
  hashEvent,
  sealHash,
  streamName,
  type VerifyResult,
} from '..';
import { tamper } from '@accord/testing';
import { adminPool, storeInThrowawaySchema, type SchemaStore } from '../../test/postgres-support';
import { databaseUrl, eventually, newEvent, randomMasterKey, randomSealSigningKey } from '../../test/support';

/**
 * An attacker with superuser access switches the immutability triggers off
 * (session_replication_role = replica) and edits the log. Every edit must be named by verify.
 * Each scenario gets a schema of its own, so one scenario's damage cannot explain another's finding.
 */
describe('PostgreSQL adapter: tamper evidence', () => {
  const admin = adminPool();
  const created: SchemaStore[] = [];

  afterAll(async () => {
    await Promise.all(created.map((entry) => entry.drop()));
    await admin.end();
  });

  interface Fixture {
    readonly entry: SchemaStore;
    readonly s: string;
    readonly a: string;
    readonly b: string;
    readonly c: string;
  }

  /** Three interleaved streams (A: 5 events, B: 3, C: 4), sealed with a signed checkpoint, verified intact. */
  async function fixture(): Promise<Fixture> {
    const entry = await storeInThrowawaySchema(admin);
    created.push(entry);
    const [a, b, c] = ['Alpha', 'Beta', 'Gamma'].map((aggregate) =>
      streamName('audit', aggregate, randomUUID()),
    ) as [string, string, string];
    const sizes = new Map([
      [a, 5],
      [b, 3],
      [c, 4],
    ]);
    for (let round = 0; round < 5; round++) {
      for (const [id, size] of sizes) {
        if (round < size)
          await entry.store.appendToStream(id, [newEvent('ThingHappened', { id, round })], {
            expectedVersion: round === 0 ? 'no-stream' : round - 1,
          });
      }
    }
    await sealAll(entry, 12);
    expect(await entry.store.audit.verifyAll()).toEqual({ intact: true, checked: 12, sealed: 12 });
    return { entry, s: entry.schema, a, b, c };
  }

  /** Other suites' open transactions hold the horizon back for moments: seal until all `total` are in. */
  async function sealAll(entry: SchemaStore, total: number): Promise<void> {
    await eventually(async () => {
      await entry.store.sealPending({ forceCheckpoint: true });
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${entry.schema}.seal`,
      );
      expect(rows[0]?.n).toBe(total);
    });
  }

  const broken = (result: VerifyResult): Extract<VerifyResult, { intact: false }> => {
    if (result.intact) throw new Error('expected verify to find tampering, but the log verified intact');
    return result;
  };

  it('seals in settled global order, chains the links and signs checkpoints', async () => {
    const { entry, s } = await fixture();
    const { rows } = await admin.query<{
      seal_seq: string;
      global_position: string;
      event_hash: string;
      seal_hash: string;
    }>(
      `SELECT s.seal_seq::text AS seal_seq, s.global_position::text AS global_position, encode(s.event_hash, 'hex') AS event_hash, encode(s.seal_hash, 'hex') AS seal_hash
         FROM ${s}.seal s ORDER BY s.seal_seq`,
    );
    expect(rows.map((row) => Number(row.seal_seq))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    let previous = GENESIS_HASH;
    for (const row of rows) {
      expect(row.seal_hash).toBe(sealHash(previous, row.event_hash, BigInt(row.global_position)));
      previous = row.seal_hash;
    }
    const checkpoints = await admin.query<{ seq: number; hash: string; signature: Buffer; position: string }>(
      `SELECT c.seal_seq::int AS seq, encode(c.seal_hash, 'hex') AS hash, c.algorithm, c.key_id, c.public_key, c.signature,
              c.transaction_id::text || '-' || c.global_position::text AS position
         FROM ${s}.seal_checkpoints c ORDER BY c.seal_seq DESC LIMIT 1`,
    );
    const key = new SealSigningKey(entry.sealSigningKey);
    expect(checkpoints.rows).toEqual([
      {
        seq: 12,
        hash: previous,
        algorithm: 'Ed25519',
        key_id: key.keyId,
        public_key: key.publicKey.der,
        signature: expect.any(Buffer),
        position: expect.any(String),
      },
    ]);
    // The signature holds under the public key alone.
    const [tx, gp] = (checkpoints.rows[0]?.position ?? '').split('-') as [string, string];
    const message = checkpointMessage(12n, previous, globalPositionFromDecimals(tx, gp));
    expect(key.publicKey.verify(message, checkpoints.rows[0]?.signature ?? Buffer.alloc(0))).toBe(true);
    expect(await entry.store.sealPending()).toEqual({ sealed: 0, acquired: true });

    // Concurrent sealers take turns: every event is sealed once, links stay contiguous.
    const id = streamName('audit', 'Delta', randomUUID());
    for (let i = 0; i < 20; i++)
      await entry.store.appendToStream(id, [newEvent('ThingHappened', { i })], {
        expectedVersion: i === 0 ? 'no-stream' : i - 1,
      });
    const passes = await Promise.all([
      entry.store.sealPending(),
      entry.store.sealPending(),
      entry.store.createSealer({ batchSize: 3 }).sealPending(),
    ]);
    expect(passes.reduce((sum, pass) => sum + pass.sealed, 0)).toBeLessThanOrEqual(20);
    await sealAll(entry, 32);
    const count = await admin.query(`SELECT count(*)::int AS n, max(seal_seq)::int AS top FROM ${s}.seal`);
    expect(count.rows[0]).toEqual({ n: 32, top: 32 });
    expect(await entry.store.audit.verifyAll()).toEqual({ intact: true, checked: 32, sealed: 32 });
  });

  it('does not seal past a transaction still in flight', async () => {
    let release: () => void = () => undefined;
    let reached: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => (reached = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const entry = await storeInThrowawaySchema(admin, {
      beforeCommit: async (streamId) => {
        if (streamId.includes('.Slow-')) {
          reached();
          await gate;
        }
      },
    });
    created.push(entry);
    const slow = entry.store.appendToStream(
      streamName('audit', 'Slow', randomUUID()),
      [newEvent('ThingHappened', {})],
      { expectedVersion: 'no-stream' },
    );
    await holding;
    await entry.store.appendToStream(
      streamName('audit', 'Fast', randomUUID()),
      [newEvent('ThingHappened', {})],
      { expectedVersion: 'no-stream' },
    );
    expect((await entry.store.sealPending()).sealed).toBe(0);
    release();
    await slow;
    await sealAll(entry, 2);
  });

  it('names an event whose data was edited', async () => {
    const { entry, s, a } = await fixture();
    await tamper(
      admin,
      `UPDATE ${s}.events SET data = jsonb_set(data, '{round}', '99') WHERE stream_id = $1 AND stream_version = 2`,
      [a],
    );
    expect(await entry.store.audit.verifyStream(a)).toMatchObject({
      intact: false,
      reason: 'hash-mismatch',
      streamId: a,
      streamVersion: 2,
    });
    const all = broken(await entry.store.audit.verifyAll());
    expect(all).toMatchObject({ reason: 'hash-mismatch', streamId: a, streamVersion: 2 });
    expect(all.expected).not.toBe(all.found);
    expect(all.globalPosition).toMatch(/^\d{20}-\d{20}$/);
  });

  it('detects a deleted event: a version gap in its stream, a missing link in the seal', async () => {
    const { entry, s, a } = await fixture();
    await tamper(admin, `DELETE FROM ${s}.events WHERE stream_id = $1 AND stream_version = 1`, [a]);
    expect(await entry.store.audit.verifyStream(a)).toMatchObject({
      intact: false,
      reason: 'version-gap',
      streamId: a,
      expected: 'version 1',
      found: 'version 2',
    });
    expect(await entry.store.audit.verifyAll()).toMatchObject({
      intact: false,
      reason: 'event-missing',
      streamId: a,
      streamVersion: 1,
    });
  });

  it('detects a deleted newest event, which leaves no gap in its stream: the seal remembers it', async () => {
    const { entry, s, a } = await fixture();
    await tamper(admin, `DELETE FROM ${s}.events WHERE stream_id = $1 AND stream_version = 4`, [a]);
    expect(await entry.store.audit.verifyStream(a)).toMatchObject({
      intact: false,
      reason: 'event-missing',
      streamId: a,
      streamVersion: 4,
    });
    expect(await entry.store.audit.verifyAll()).toMatchObject({
      intact: false,
      reason: 'event-missing',
      streamId: a,
      streamVersion: 4,
    });
  });

  it('detects a whole stream deleted: the global seal still remembers it', async () => {
    const { entry, s, a, b } = await fixture();
    await tamper(admin, `DELETE FROM ${s}.events WHERE stream_id = $1`, [b]);
    expect(await entry.store.audit.verifyStream(a)).toMatchObject({ intact: true });
    expect(await entry.store.audit.verifyAll()).toMatchObject({
      intact: false,
      reason: 'event-missing',
      streamId: b,
      streamVersion: 0,
    });
  });

  it('detects a whole stream deleted together with its seal links, and a seal recomputed without them', async () => {
    const { entry, s, b } = await fixture();
    await tamper(admin, `DELETE FROM ${s}.events WHERE stream_id = $1`, [b]);
    await tamper(admin, `DELETE FROM ${s}.seal WHERE stream_id = $1`, [b]);
    expect(await entry.store.audit.verifyAll()).toMatchObject({ intact: false, reason: 'seal-gap' });

    // Renumber and rehash the seal so it is self-consistent: only the signed checkpoint can tell.
    const { rows } = await admin.query<{ seal_seq: string; global_position: string; event_hash: string }>(
      `SELECT s.seal_seq::text AS seal_seq, s.global_position::text AS global_position, encode(s.event_hash, 'hex') AS event_hash FROM ${s}.seal s ORDER BY s.seal_seq`,
    );
    let previous = GENESIS_HASH;
    const rewritten = rows.map((row, index) => {
      previous = sealHash(previous, row.event_hash, BigInt(row.global_position));
      return { old: row.seal_seq, seq: index + 1, hash: previous };
    });
    await tamper(admin, `UPDATE ${s}.seal SET seal_seq = -seal_seq`);
    for (const row of rewritten) {
      await tamper(
        admin,
        `UPDATE ${s}.seal SET seal_seq = $1, seal_hash = decode($2, 'hex') WHERE seal_seq = -$3::bigint`,
        [row.seq, row.hash, row.old],
      );
    }
    expect(await entry.store.audit.verifyAll()).toMatchObject({
      intact: false,
      reason: 'checkpoint-mismatch',
    });
  });

  it('detects two events whose contents were swapped', async () => {
    const { entry, s, c } = await fixture();
    await tamper(
      admin,
      `UPDATE ${s}.events e SET data = o.data FROM ${s}.events o
        WHERE e.stream_id = $1 AND o.stream_id = $1 AND ((e.stream_version = 1 AND o.stream_version = 2) OR (e.stream_version = 2 AND o.stream_version = 1))`,
      [c],
    );
    expect(await entry.store.audit.verifyStream(c)).toMatchObject({
      intact: false,
      reason: 'hash-mismatch',
      streamId: c,
      streamVersion: 1,
    });
    expect(await entry.store.audit.verifyAll()).toMatchObject({
      intact: false,
      reason: 'hash-mismatch',
      streamId: c,
      streamVersion: 1,
    });
  });

  it('detects a forged event appended with a made-up hash', async () => {
    const { entry, s, a } = await fixture();
    await tamper(
      admin,
      `INSERT INTO ${s}.events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
       VALUES ($1, 5, $2, 'ThingHappened', 1, '{"forged":true}', '{}', now(), decode(repeat('ab', 32), 'hex'), decode(repeat('cd', 32), 'hex'))`,
      [a, randomUUID()],
    );
    expect(await entry.store.audit.verifyStream(a)).toMatchObject({
      intact: false,
      reason: 'prev-hash-mismatch',
      streamId: a,
      streamVersion: 5,
    });
    expect(broken(await entry.store.audit.verifyAll()).streamId).toBe(a);
  });

  it('detects a forged event with a perfectly recomputed chain, back-dated into the sealed part of the log', async () => {
    const { entry, s } = await fixture();
    const forged = streamName('audit', 'Forged', randomUUID());
    const eventId = randomUUID();
    const old = await admin.query<{ transaction_id: string; global_position: string }>(
      `SELECT e.transaction_id::text AS transaction_id, (e.global_position + 1000)::text AS global_position FROM ${s}.events e ORDER BY e.transaction_id, e.global_position LIMIT 1`,
    );
    const at = old.rows[0] as { transaction_id: string; global_position: string };
    const recordedAt = '2024-01-01T00:00:00.000Z';
    const metadata = { actor: 'user:mallory', causationId: 'x', correlationId: 'y', occurredAt: recordedAt };
    const hash = hashEvent(GENESIS_HASH, {
      streamId: forged,
      streamVersion: 0,
      eventId,
      type: 'ThingHappened',
      schemaVersion: 1,
      data: { forged: true },
      metadata,
      recordedAt,
    });
    await tamper(
      admin,
      `INSERT INTO ${s}.events (global_position, transaction_id, stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
       OVERRIDING SYSTEM VALUE
       VALUES ($1, $2::xid8, $3, 0, $4, 'ThingHappened', 1, '{"forged":true}', $5, $6, decode(repeat('00', 32), 'hex'), decode($7, 'hex'))`,
      [at.global_position, at.transaction_id, forged, eventId, JSON.stringify(metadata), recordedAt, hash],
    );
    expect(await entry.store.audit.verifyStream(forged)).toMatchObject({ intact: true, checked: 1 });
    expect(await entry.store.audit.verifyAll()).toMatchObject({
      intact: false,
      reason: 'unsealed-event',
      streamId: forged,
      streamVersion: 0,
    });
  });

  it('walks on past the first break and reports every one, per stream', async () => {
    const { entry, s, a, b, c } = await fixture();
    await tamper(
      admin,
      `UPDATE ${s}.events SET data = jsonb_set(data, '{round}', '99') WHERE stream_id = $1 AND stream_version IN (1, 3)`,
      [a],
    );
    await tamper(admin, `DELETE FROM ${s}.events WHERE stream_id = $1 AND stream_version = 1`, [b]);
    await tamper(
      admin,
      `UPDATE ${s}.events SET metadata = '{"actor":"user:mallory"}' WHERE stream_id = $1 AND stream_version = 2`,
      [c],
    );
    const edited = await admin.query<{ event_id: string }>(
      `SELECT event_id::text FROM ${s}.events WHERE stream_id = $1 AND stream_version = 1`,
      [a],
    );
    const all = await entry.store.audit.verifyAll({ listBreaks: 3 });
    // The first break's fields as before, and every event of the log walked (12, one deleted).
    expect(all).toMatchObject({
      intact: false,
      reason: 'hash-mismatch',
      streamId: a,
      streamVersion: 1,
      eventId: edited.rows[0]?.event_id,
      checked: 11,
    });
    if (all.intact) throw new Error('expected verify to find tampering');
    // In log order (round by round): a@1, b@1, c@2, then a@3 (counted, beyond the three listed).
    expect(all.breaks.count).toBe(4);
    expect(all.breaks.first.map((found) => [found.reason, found.streamId, found.streamVersion])).toEqual([
      ['hash-mismatch', a, 1],
      ['event-missing', b, 1],
      ['hash-mismatch', c, 2],
    ]);
    expect(all.breaks.byStream).toEqual([
      { streamId: a, count: 2 },
      { streamId: b, count: 1 },
      { streamId: c, count: 1 },
    ]);
    expect(all.breaks.byReason).toEqual([
      { reason: 'hash-mismatch', count: 3 },
      { reason: 'event-missing', count: 1 },
    ]);
  });

  it('refuses seal checkpoints that the seal key did not sign, or whose signature was stripped', async () => {
    const { entry, s } = await fixture();
    const stranger = await PostgresEventStore.create({
      connectionString: databaseUrl(),
      schema: s,
      sealPublicKey: new SealSigningKey(randomSealSigningKey()).publicKey.pem,
      migrate: false,
    });
    // An auditor's store: the public key, nothing secret.
    const auditor = await PostgresEventStore.create({
      connectionString: databaseUrl(),
      schema: s,
      sealPublicKey: new SealSigningKey(entry.sealSigningKey).publicKey.pem,
      migrate: false,
    });
    try {
      expect(await auditor.audit.verifyAll()).toEqual({ intact: true, checked: 12, sealed: 12 });
      expect(await stranger.audit.verifyAll()).toMatchObject({
        intact: false,
        reason: 'checkpoint-signature-invalid',
      });
      await tamper(admin, `UPDATE ${s}.seal_checkpoints SET signature = decode(repeat('00', 64), 'hex')`);
      expect(await entry.store.audit.verifyAll()).toMatchObject({
        intact: false,
        reason: 'checkpoint-signature-invalid',
        found: expect.stringContaining('Ed25519 signature by'),
      });
      await tamper(
        admin,
        `UPDATE ${s}.seal_checkpoints SET signature = NULL, algorithm = NULL, key_id = NULL, public_key = NULL`,
      );
      expect(await auditor.audit.verifyAll()).toMatchObject({
        intact: false,
        reason: 'checkpoint-signature-invalid',
        found: 'no signature',
      });
    } finally {
      await stranger.close();
      await auditor.close();
    }
  });

  it('still checks HMAC-SHA256 checkpoints written before migration 0003 with the master key', async () => {
    const { entry, s } = await fixture();
    const master = new MasterKey(entry.masterKey);
    const { rows } = await admin.query<{ seq: string; hash: string; tx: string; gp: string }>(
      `SELECT c.seal_seq::text AS seq, encode(c.seal_hash, 'hex') AS hash, c.transaction_id::text AS tx, c.global_position::text AS gp
         FROM ${s}.seal_checkpoints c`,
    );
    expect(rows.length).toBeGreaterThan(0);
    // As the sealer wrote them before: no algorithm, no public key, an HMAC under the master key.
    // Each checkpoint is signed over its own link (the sealer may have written more than one).
    const asBefore = async (key: MasterKey) => {
      for (const row of rows)
        await tamper(
          admin,
          `UPDATE ${s}.seal_checkpoints SET algorithm = NULL, public_key = NULL, key_id = $1, signature = $2 WHERE seal_seq = $3`,
          [
            master.keyId,
            key.sign(checkpointMessage(row.seq, row.hash, globalPositionFromDecimals(row.tx, row.gp))),
            row.seq,
          ],
        );
    };
    await asBefore(master);
    expect(await entry.store.audit.verifyAll()).toEqual({ intact: true, checked: 12, sealed: 12 });
    await asBefore(new MasterKey(randomMasterKey()));
    expect(await entry.store.audit.verifyAll()).toMatchObject({
      intact: false,
      reason: 'checkpoint-signature-invalid',
      expected: `an HMAC-SHA256 signature by master key ${master.keyId}`,
    });
  });
});
