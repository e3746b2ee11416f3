import { projectionCheckpointsMigration } from '@accord/platform';

/** Where the case-consent projection's runner keeps how far it has read the log. */
export const CreateConsentProjectionCheckpoints1795564800100 = projectionCheckpointsMigration(
  'consent',
  'CreateConsentProjectionCheckpoints1795564800100',
);
