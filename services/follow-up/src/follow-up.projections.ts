import type { ServiceProjections } from '@accord/platform';
import { followUpService } from './follow-up.service';
import { caseOutcomeProjection } from './reports/outcomes/case-outcome.projection';

/** Follow-up's read models built from the log, for `npm run rebuild`. */
export const followUpProjections: ServiceProjections = {
  definition: followUpService,
  projections: { 'case-outcome': caseOutcomeProjection },
};
