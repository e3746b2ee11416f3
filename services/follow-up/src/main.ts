import { runService } from '@accord/platform';
import { FollowUpModule } from './follow-up.module';

void runService({ name: 'follow-up', module: FollowUpModule });
