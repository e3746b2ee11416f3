import type { ServiceDefinition } from '@accord/platform';
import { FollowUpConfig } from './follow-up.config';
import { FOLLOW_UP_ENTITIES, FollowUpModule } from './follow-up.module';
import { FOLLOW_UP_PERSONAL_DATA } from './follow-up/follow-up.personal-data';
import { FollowUpReadModels1767225600200 } from './migrations/1767225600200-follow-up-read-models';

/** How follow-up runs: main.ts starts it, integration tests start it in-process. */
export const followUpService: ServiceDefinition<FollowUpConfig> = {
  name: 'follow-up',
  module: FollowUpModule,
  config: FollowUpConfig,
  eventStore: 'writer',
  personalData: FOLLOW_UP_PERSONAL_DATA,
  readModels: { entities: FOLLOW_UP_ENTITIES, migrations: [FollowUpReadModels1767225600200] },
};
