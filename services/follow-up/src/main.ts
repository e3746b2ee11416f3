import { runService } from '@accord/platform';
import { followUpService } from './follow-up.service';

void runService(followUpService);
