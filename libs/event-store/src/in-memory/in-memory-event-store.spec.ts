import { eventStoreContract } from '../../test/event-store.contract';
import { randomMasterKey } from '../../test/support';
import { InMemoryEventStore } from './in-memory-event-store';

// The fake services use in unit tests keeps the same contract as the real adapters.
eventStoreContract(
  'in-memory',
  async (config) => new InMemoryEventStore(config),
  { idempotentAppendAny: true, globallyUniqueEventIds: true, liveTimeoutMs: 5_000, globalSeal: true },
  randomMasterKey(),
);
