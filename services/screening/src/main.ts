import { runService } from '@accord/platform';
import { screeningService } from './screening.service';

void runService(screeningService);
