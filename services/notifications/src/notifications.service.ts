import type { ServiceDefinition } from '@accord/platform';
import { NotificationsReadModels1796342400000 } from './migrations/1796342400000-notifications-read-models';
import { NotificationsProjectionCheckpoints1796342400100 } from './migrations/1796342400100-notifications-projection-checkpoints';
import { NotificationsWebhooks1796342400200 } from './migrations/1796342400200-notifications-webhooks';
import { NotificationsSendable1796515200100 } from './migrations/1796515200100-notifications-sendable';
import { CaseMessagesEntity } from './notifications/case-messages/case-messages.entity';
import { NotificationsConfig } from './notifications.config';
import { NotificationsModule } from './notifications.module';

/** The notifications service as `runService` (main.ts) and the integration tests start it. */
export const notificationsService: ServiceDefinition<NotificationsConfig> = {
  name: 'notifications',
  module: NotificationsModule,
  config: NotificationsConfig,
  eventStore: 'writer',
  api: {
    title: 'Accord notifications',
    description:
      'What a case told its participants (each message by person id, channel, template version and outcome), and agencies’ signed webhooks for their cases’ status changes.',
  },
  readModels: {
    entities: [CaseMessagesEntity],
    migrations: [
      NotificationsReadModels1796342400000,
      NotificationsProjectionCheckpoints1796342400100,
      NotificationsWebhooks1796342400200,
      NotificationsSendable1796515200100,
    ],
  },
  // How each person may be contacted is theirs: encrypted with their own key, so their erasure
  // shreds it here too (and the dispatcher then suppresses anything still queued for them).
  personalData: [
    {
      type: 'ContactsRecorded',
      personalFields: [{ personIdPath: 'participants[*].personId', fields: ['email', 'phone', 'address'] }],
    },
  ],
};
