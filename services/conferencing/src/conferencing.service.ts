import type { ServiceDefinition } from '@accord/platform';
import { CONFERENCING_ENTITIES, ConferencingModule } from './conferencing.module';
import { ConferencingReadModels1767225600100 } from './migrations/1767225600100-conferencing-read-models';

/** How conferencing runs: main.ts starts it, integration tests start it in-process. */
export const conferencingService: ServiceDefinition = {
  name: 'conferencing',
  module: ConferencingModule,
  eventStore: 'writer',
  readModels: {
    entities: CONFERENCING_ENTITIES,
    migrations: [ConferencingReadModels1767225600100],
    announces: ['case_conferences'],
  },
};
