import type { ServiceDefinition } from '@accord/platform';
import { CaseConsentEntity } from './consent/case-consent/case-consent.entity';
import { CreateCaseConsent1769990400000 } from './migrations/1769990400000-create-case-consent';
import { CreateConsentProjectionCheckpoints1795564800100 } from './migrations/1795564800100-consent-projection-checkpoints';
import { ConsentConfig } from './consent.config';
import { ConsentModule } from './consent.module';

/** The consent service as `runService` (main.ts) and the integration tests start it. */
export const consentService: ServiceDefinition<ConsentConfig> = {
  name: 'consent',
  module: ConsentModule,
  config: ConsentConfig,
  eventStore: 'writer',
  readModels: {
    entities: [CaseConsentEntity],
    migrations: [CreateCaseConsent1769990400000, CreateConsentProjectionCheckpoints1795564800100],
    announces: ['case_consent'],
  },
};
