import { runService } from '@accord/platform';
import { auditService } from './audit.service';

void runService(auditService);
