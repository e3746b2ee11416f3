import type { ServiceProjections } from '@accord/platform';
import { auditService } from './audit.service';

/**
 * Audit keeps no projections: it reads the log itself on every request, and its two tables are
 * its own records of things that are not events.
 */
export const auditProjections: ServiceProjections = {
  definition: auditService,
  projections: {},
  notProjected: {
    access_log: 'who read which case’s personal data (reads are not events)',
    erasures: 'who erased whom (erasure deletes a key; it appends no event)',
  },
};
