import type { ServiceDefinition } from '@accord/platform';
import { CaseScreeningEntity } from './screening/case-screening/case-screening.entity';
import { CreateCaseScreening1769904000000 } from './migrations/1769904000000-create-case-screening';
import { CreateScreeningProjectionCheckpoints1795564800000 } from './migrations/1795564800000-screening-projection-checkpoints';
import { ScreeningConfig } from './screening.config';
import { ScreeningModule } from './screening.module';

/** The screening service as `runService` (main.ts) and the integration tests start it. */
export const screeningService: ServiceDefinition<ScreeningConfig> = {
  name: 'screening',
  module: ScreeningModule,
  config: ScreeningConfig,
  eventStore: 'writer',
  readModels: {
    entities: [CaseScreeningEntity],
    migrations: [CreateCaseScreening1769904000000, CreateScreeningProjectionCheckpoints1795564800000],
    announces: ['case_screening'],
  },
};
