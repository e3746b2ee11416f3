import type { ServiceProjections } from '@accord/platform';
import { caseScreeningProjection } from './screening/case-screening/case-screening.projection';
import { screeningService } from './screening.service';

/** Screening's read models built from the log, for `npm run rebuild`. */
export const screeningProjections: ServiceProjections = {
  definition: screeningService,
  projections: { 'case-screening': caseScreeningProjection },
};
