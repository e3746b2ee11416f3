import { runService } from '@accord/platform';
import { ConferencingModule } from './conferencing.module';

void runService({ name: 'conferencing', module: ConferencingModule });
