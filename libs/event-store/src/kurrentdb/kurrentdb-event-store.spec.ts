import { eventStoreContract } from '../../test/event-store.contract';
import { FakeKurrentDbClient } from '../../test/fake-kurrentdb-client';
import { randomMasterKey } from '../../test/support';
import { KurrentDbEventStore } from './kurrentdb-event-store';

// The adapter's own logic (chains in metadata, retries, paging, CAS checkpoints) against an
// in-process stand-in for the server; kurrentdb-event-store.int-spec.ts runs the same contract
// against a real KurrentDB where EVENTSTOREDB_URL is set.
eventStoreContract(
  'KurrentDB adapter over an in-process stand-in',
  (config) => KurrentDbEventStore.connect({ client: new FakeKurrentDbClient().asClient(), ...config }),
  { idempotentAppendAny: false, globallyUniqueEventIds: false, liveTimeoutMs: 5_000, globalSeal: false },
  randomMasterKey(),
);
