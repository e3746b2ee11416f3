import { runService } from '@accord/platform';
import { IntakeModule } from './intake.module';

void runService({ name: 'intake', module: IntakeModule });
