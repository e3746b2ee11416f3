import type { ServiceProjections } from '@accord/platform';
import { caseMessagesProjection } from './notifications/case-messages/case-messages.projection';
import { notificationsService } from './notifications.service';

/** Notifications' read models built from the log, for `npm run rebuild`. */
export const notificationsProjections: ServiceProjections = {
  definition: notificationsService,
  projections: { 'case-messages': caseMessagesProjection },
};
