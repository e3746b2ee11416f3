import { runService } from '@accord/platform';
import { AuditModule } from './audit.module';

void runService({ name: 'audit', module: AuditModule, eventStore: 'reader', sealer: true });
