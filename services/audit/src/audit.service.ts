import type { ServiceDefinition } from '@accord/platform';
import { AuditModule } from './audit.module';
import { AuditReadModels1767225600600 } from './migrations/1767225600600-audit-read-models';

/**
 * How audit runs, in production (main.ts) and in its integration tests alike: it reads every
 * stream and writes none, and runs the global sealer (`sealer` in the service manifest; one pass at
 * a time across replicas).
 */
export const auditService: ServiceDefinition = {
  name: 'audit',
  module: AuditModule,
  eventStore: 'reader',
  api: {
    title: 'Accord audit',
    description:
      'A case across every service: history, state as of any moment, hash-chain verification, signed seal checkpoints, erasure.',
  },
  readModels: { entities: [], migrations: [AuditReadModels1767225600600] },
};
