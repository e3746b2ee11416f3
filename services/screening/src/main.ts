import { runService } from '@accord/platform';
import { ScreeningModule } from './screening.module';

void runService({ name: 'screening', module: ScreeningModule });
