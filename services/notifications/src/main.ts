import { runService } from '@accord/platform';
import { notificationsService } from './notifications.service';

void runService(notificationsService);
