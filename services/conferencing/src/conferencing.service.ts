import type { ServiceDefinition } from '@accord/platform';
import { CONFERENCING_ENTITIES, ConferencingModule } from './conferencing.module';
import { ConferencingReadModels1767225600100 } from './migrations/1767225600100-conferencing-read-models';
import { FacilitatorIdsPerService1767225600200 } from './migrations/1767225600200-facilitator-ids-per-service';

/** How conferencing runs: main.ts starts it, integration tests start it in-process. */
export const conferencingService: ServiceDefinition = {
  name: 'conferencing',
  module: ConferencingModule,
  eventStore: 'writer',
  readModels: {
    entities: CONFERENCING_ENTITIES,
    migrations: [ConferencingReadModels1767225600100, FacilitatorIdsPerService1767225600200],
    announces: ['case_conferences'],
  },
};
