import type { ServiceDefinition } from '@accord/platform';
import { IntakeConfig } from './intake.config';
import { AgencyEntity } from './agency/agency.entity';
import { localTrustLoader } from './agency/agency-trust/agency-trust.directory';
import { AgencyTrustEntity } from './agency/agency-trust/agency-trust.entity';
import { IntakeModule } from './intake.module';
import { IntakeReadModels1767225600000 } from './migrations/1767225600000-intake-read-models';
import { IntakeProjectionCheckpoints1795564800200 } from './migrations/1795564800200-intake-projection-checkpoints';
import { IntakeAgencyTrust1796256000000 } from './migrations/1796256000000-intake-agency-trust';
import { IntakeDeadlines1796428800000 } from './migrations/1796428800000-intake-deadlines';
import { IntakeLatestStep1796515200000 } from './migrations/1796515200000-intake-latest-step';
import { IntakeReferralChanges1796169600000 } from './migrations/1796169600000-intake-referral-changes';
import { ReferralCaseEntity, TimelineEntryEntity } from './referral/referral-status/referral-status.entity';

const PERSONAL_FIELDS = ['name', 'dateOfBirth', 'contactPreferences', 'accessibilityNeeds'];

/** How intake runs, in production (main.ts) and in its integration tests alike. */
export const intakeService: ServiceDefinition<IntakeConfig> = {
  name: 'intake',
  module: IntakeModule,
  config: IntakeConfig,
  eventStore: 'writer',
  // The agency directory lives here: intake reads the trusted issuers from its own read model.
  trustLoader: localTrustLoader,
  api: {
    title: 'Accord intake',
    description:
      'Referrals: submit (idempotent), accept or decline, amend, follow where a case stands; agency reference data.',
  },
  readModels: {
    entities: [AgencyEntity, AgencyTrustEntity, ReferralCaseEntity, TimelineEntryEntity],
    migrations: [
      IntakeReadModels1767225600000,
      IntakeProjectionCheckpoints1795564800200,
      IntakeReferralChanges1796169600000,
      IntakeAgencyTrust1796256000000,
      IntakeDeadlines1796428800000,
      IntakeLatestStep1796515200000,
    ],
  },
  // ReferralSubmitted is internal (never published) but holds who the people are: each person's
  // fields are encrypted with their own key, so erasing a person erases them here too. The
  // incident summary is the harmed person's account and goes with their key.
  personalData: [
    {
      type: 'ReferralSubmitted',
      personalFields: [
        { personIdPath: 'people.harmed[*].personId', fields: PERSONAL_FIELDS },
        { personIdPath: 'people.responsible[*].personId', fields: PERSONAL_FIELDS },
        { personIdPath: 'people.supporters[*].personId', fields: PERSONAL_FIELDS },
        { personIdPath: 'incident.summaryHeldBy', fields: ['summary'] },
      ],
    },
  ],
};
