import type { ServiceProjections } from '@accord/platform';
import { caseConferenceProjection } from './conference/case-conference/case-conference.projection';
import { conferencingService } from './conferencing.service';

/** Conferencing's read models built from the log, for `npm run rebuild`. */
export const conferencingProjections: ServiceProjections = {
  definition: conferencingService,
  projections: { 'case-conference': caseConferenceProjection },
  notProjected: { facilitators: 'reference data: the roster admins keep through PUT /api/facilitators/:id' },
};
