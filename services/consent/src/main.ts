import { runService } from '@accord/platform';
import { consentService } from './consent.service';

void runService(consentService);
