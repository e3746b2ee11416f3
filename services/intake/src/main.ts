import { runService } from '@accord/platform';
import { intakeService } from './intake.service';

void runService(intakeService);
