import { notificationsDecider } from '@accord/notifications-domain';
import { caseStream } from '@accord/platform';

/** `notifications.Notifications-<caseId>`: who may be contacted in a case, and every message to them. */
export const notificationsStream = caseStream('notifications').of;

export const NOTIFICATIONS_STREAM_PREFIX = caseStream('notifications').prefix;

/** Notifications' write side: its decider over `notifications.Notifications-<caseId>`. */
export const notificationsWriteModel = { decider: notificationsDecider, stream: notificationsStream };
