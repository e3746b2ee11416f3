import { projectionCheckpointsMigration } from '@accord/platform';

/** Where the case-screening projection's runner keeps how far it has read the log. */
export const CreateScreeningProjectionCheckpoints1795564800000 = projectionCheckpointsMigration(
  'screening',
  'CreateScreeningProjectionCheckpoints1795564800000',
);
