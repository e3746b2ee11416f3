import { runService } from '@accord/platform';
import { ConsentModule } from './consent.module';

void runService({ name: 'consent', module: ConsentModule });
