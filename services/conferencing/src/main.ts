import { runService } from '@accord/platform';
import { conferencingService } from './conferencing.service';

void runService(conferencingService);
