import { randomUUID } from 'node:crypto';
import {
  checkStoredKeys,
  ERASED,
  MasterKey,
  PersonalDataError,
  PostgresEventStore,
  rewrapPersonKeys,
  SealSigningKey,
  storedKeyIds,
  StoredKeysMismatch,
  streamName,
  unaccountedKeyIds,
  type PersonalDataRule,
} from '..';
import { adminPool, storeInThrowawaySchema, type SchemaStore } from '../../test/postgres-support';
import {
  databaseUrl,
  eventually,
  newEvent,
  randomMasterKey,
  randomSealSigningKey,
  throwawaySchema,
} from '../../test/support';

const personalData: PersonalDataRule[] = [
  { type: 'PersonNamed', personalFields: [{ personIdPath: 'personId', fields: ['name'] }] },
];

/**
 * docs/operations.md, "Rotating keys": a new master key and a new seal signing key take over while
 * the replaced ones are kept as retired. What the old keys wrote stays readable and verifiable, the
 * re-wrap moves every person key to the new master key, and erasure still works afterwards.
 */
describe('PostgreSQL adapter: rotating the master key and the seal signing key', () => {
  const admin = adminPool();
  let before: SchemaStore;
  const opened: PostgresEventStore[] = [];
  const newMaster = randomMasterKey();
  const newSeal = randomSealSigningKey();

  /** The same schema, as the services see it after the rotation (`retired`: what they still hold). */
  const rotated = async (retired: { master?: boolean; seal?: boolean } = {}): Promise<PostgresEventStore> => {
    const store = await PostgresEventStore.create({
      connectionString: databaseUrl(),
      schema: before.schema,
      masterKey: newMaster,
      sealSigningKey: newSeal,
      personalData,
      ...(retired.master ? { retiredMasterKeys: [before.masterKey] } : {}),
      ...(retired.seal
        ? { retiredSealPublicKeys: [new SealSigningKey(before.sealSigningKey).publicKey.der] }
        : {}),
    });
    opened.push(store);
    return store;
  };
  const sealAll = (store: PostgresEventStore, events: number) =>
    eventually(async () => {
      await store.sealPending({ forceCheckpoint: true });
      expect(await store.audit.verifyAll()).toMatchObject({ intact: true, sealed: events });
    });

  beforeAll(async () => {
    before = await storeInThrowawaySchema(admin, { personalData });
  });

  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
    await before.drop();
    await admin.end();
  });

  it('keeps old data readable and old checkpoints verifiable, re-wraps, and still erases', async () => {
    const oldPerson = `person-${randomUUID()}`;
    const newPerson = `person-${randomUUID()}`;
    const oldStream = streamName('rotation', 'Case', randomUUID());
    const newStream = streamName('rotation', 'Case', randomUUID());
    await before.store.appendToStream(
      oldStream,
      [newEvent('PersonNamed', { personId: oldPerson, name: 'Ada' })],
      { expectedVersion: 'no-stream' },
    );
    await sealAll(before.store, 1);
    const oldKeys = {
      master: new MasterKey(before.masterKey).keyId,
      seal: new SealSigningKey(before.sealSigningKey).keyId,
    };
    const newKeys = { master: new MasterKey(newMaster).keyId, seal: new SealSigningKey(newSeal).keyId };

    // Rotated: new keys current, the replaced ones retired.
    const store = await rotated({ master: true, seal: true });
    expect((await store.readStream(oldStream))[0]?.data).toEqual({ personId: oldPerson, name: 'Ada' });
    await store.appendToStream(newStream, [newEvent('PersonNamed', { personId: newPerson, name: 'Grace' })], {
      expectedVersion: 'no-stream',
    });
    await sealAll(store, 2);
    expect(await store.audit.verifyAll()).toEqual({ intact: true, checked: 2, sealed: 2 });
    const stored = await storedKeyIds(admin, before.schema);
    expect(stored).toEqual({
      master: { [oldKeys.master]: 1, [newKeys.master]: 1 },
      seal: { [oldKeys.seal]: expect.any(Number), [newKeys.seal]: expect.any(Number) },
    });

    // Without the retired seal key the old checkpoints do not verify: the retired key is what vouches for them.
    const withoutOldSeal = await rotated({ master: true });
    expect(await withoutOldSeal.audit.verifyAll()).toMatchObject({
      intact: false,
      reason: 'checkpoint-signature-invalid',
    });
    // Without the retired master key the old person's key does not unwrap, until the re-wrap moved it.
    const withoutOldMaster = await rotated({ seal: true });
    await expect(withoutOldMaster.readStream(oldStream)).rejects.toBeInstanceOf(PersonalDataError);
    expect(
      unaccountedKeyIds(stored, { master: [newKeys.master], seal: [newKeys.seal, oldKeys.seal] }),
    ).toEqual({ master: [oldKeys.master], seal: [] });

    expect(
      await rewrapPersonKeys(admin, before.schema, new MasterKey(newMaster, [before.masterKey])),
    ).toEqual({ keyId: newKeys.master, rewrapped: 1, skipped: 0 });
    expect((await storedKeyIds(admin, before.schema)).master).toEqual({ [newKeys.master]: 2 });
    expect((await withoutOldMaster.readStream(oldStream))[0]?.data).toEqual({
      personId: oldPerson,
      name: 'Ada',
    });
    expect(await withoutOldMaster.audit.verifyAll()).toEqual({ intact: true, checked: 2, sealed: 2 });

    // Erasure after the rotation: the person's fields are gone, the proof is not.
    await withoutOldMaster.audit.erasePerson(oldPerson);
    expect((await withoutOldMaster.readStream(oldStream))[0]?.data).toEqual({
      personId: oldPerson,
      name: ERASED,
    });
    expect((await withoutOldMaster.readStream(newStream))[0]?.data).toEqual({
      personId: newPerson,
      name: 'Grace',
    });
    expect(await withoutOldMaster.audit.verifyAll()).toEqual({ intact: true, checked: 2, sealed: 2 });
  });

  it('refuses, at start, keys the stored data was not written with, naming which key, configured and found', async () => {
    const entry = await storeInThrowawaySchema(admin, { personalData });
    const problems = async (keys: Parameters<typeof checkStoredKeys>[2]): Promise<readonly string[]> => {
      try {
        await checkStoredKeys(admin, entry.schema, keys);
        return [];
      } catch (error) {
        if (error instanceof StoredKeysMismatch) return error.problems;
        throw error;
      }
    };
    try {
      // Nothing stored (not even migrated): any key will do.
      await checkStoredKeys(admin, throwawaySchema(), { EVENT_STORE_MASTER_KEY: newMaster });
      expect(await problems({ EVENT_STORE_MASTER_KEY: newMaster, SEAL_SIGNING_KEY: newSeal })).toEqual([]);

      await entry.store.appendToStream(
        streamName('rotation', 'Case', randomUUID()),
        [newEvent('PersonNamed', { personId: `person-${randomUUID()}`, name: 'Ada' })],
        { expectedVersion: 'no-stream' },
      );
      await eventually(async () => {
        await entry.store.sealPending({ forceCheckpoint: true });
        expect(Object.keys((await storedKeyIds(admin, entry.schema)).seal)).toHaveLength(1);
      });
      const written = {
        master: new MasterKey(entry.masterKey).keyId,
        seal: new SealSigningKey(entry.sealSigningKey).keyId,
      };
      const other = { master: new MasterKey(newMaster).keyId, seal: new SealSigningKey(newSeal).keyId };

      expect(
        await problems({ EVENT_STORE_MASTER_KEY: entry.masterKey, SEAL_SIGNING_KEY: entry.sealSigningKey }),
      ).toEqual([]);
      const wrong = await problems({ EVENT_STORE_MASTER_KEY: newMaster, SEAL_SIGNING_KEY: newSeal });
      expect(wrong).toHaveLength(2);
      expect(wrong[0]).toContain(`EVENT_STORE_MASTER_KEY is master key ${other.master} (retired: none)`);
      expect(wrong[0]).toContain(
        `1 stored person key(s) or seal checkpoint(s) were written with master key ${written.master}`,
      );
      expect(wrong[1]).toContain(`SEAL_SIGNING_KEY is seal key ${other.seal}`);
      expect(wrong[1]).toContain(`signed by seal key ${written.seal}`);
      // A service that holds no seal key (not the sealer) is checked on its master key alone.
      expect(await problems({ EVENT_STORE_MASTER_KEY: entry.masterKey })).toEqual([]);
      // After a rotation: the replaced keys retired, nothing is refused.
      expect(
        await problems({
          EVENT_STORE_MASTER_KEY: newMaster,
          EVENT_STORE_RETIRED_MASTER_KEYS: entry.masterKey,
          SEAL_SIGNING_KEY: newSeal,
          SEAL_RETIRED_PUBLIC_KEYS: new SealSigningKey(entry.sealSigningKey).publicKey.der.toString('base64'),
        }),
      ).toEqual([]);
    } finally {
      await entry.drop();
    }
  });
});
