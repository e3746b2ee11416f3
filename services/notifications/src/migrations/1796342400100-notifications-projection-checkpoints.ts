import { projectionCheckpointsMigration } from '@accord/platform';

/** Where the case-messages projection's runner keeps how far it has read the log. */
export const NotificationsProjectionCheckpoints1796342400100 = projectionCheckpointsMigration(
  'notifications',
  'NotificationsProjectionCheckpoints1796342400100',
);
