import { eventStoreContract } from '../../test/event-store.contract';
import {
  KURRENTDB_IMAGE,
  kurrentDbSource,
  startKurrentDb,
  type KurrentDbServer,
} from '../../test/kurrentdb-server';
import { randomMasterKey } from '../../test/support';
import { KurrentDbEventStore } from './kurrentdb-event-store';

// The same contract as PostgreSQL and in-memory, against a real server: EVENTSTOREDB_URL, else a
// container where a Docker engine answers, else skipped with a warning (see the README).
const source = kurrentDbSource();

if (source) {
  let server: KurrentDbServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });
  eventStoreContract(
    `KurrentDB (${source === 'EVENTSTOREDB_URL' ? 'EVENTSTOREDB_URL' : KURRENTDB_IMAGE})`,
    async (config) => {
      server ??= await startKurrentDb(source);
      return KurrentDbEventStore.connect({ connectionString: server.url, ...config });
    },
    // See README "KurrentDB adapter": event ids are unique per stream only, and 'any' appends are not checked for retries.
    { idempotentAppendAny: false, globallyUniqueEventIds: false, liveTimeoutMs: 15_000, globalSeal: false },
    randomMasterKey(),
  );
} else {
  describe('EventStore contract: KurrentDB', () => {
    it('runs only where a KurrentDB server is reachable (EVENTSTOREDB_URL, or a Docker engine for testcontainers)', async () => {
      console.warn(
        `skipped: neither EVENTSTOREDB_URL nor a Docker engine, so the KurrentDB adapter did not meet a real server (set EVENTSTOREDB_URL=kurrentdb://localhost:2113?tls=false, or run where Docker answers: ${KURRENTDB_IMAGE})`,
      );
      // Without a server the adapter must still load its client lazily and refuse to start half-configured.
      await expect(KurrentDbEventStore.connect({})).rejects.toThrow(/needs a client or a connectionString/);
    });
  });
}
