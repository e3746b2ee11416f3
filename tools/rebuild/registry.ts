import type { ServiceProjections } from '@accord/platform';
import { auditProjections } from '../../services/audit/src/audit.projections';
import { conferencingProjections } from '../../services/conferencing/src/conferencing.projections';
import { consentProjections } from '../../services/consent/src/consent.projections';
import { followUpProjections } from '../../services/follow-up/src/follow-up.projections';
import { intakeProjections } from '../../services/intake/src/intake.projections';
import { screeningProjections } from '../../services/screening/src/screening.projections';

/** Every service with read models, by name (the gateway has none). */
export const SERVICE_PROJECTIONS: Readonly<Record<string, ServiceProjections>> = {
  intake: intakeProjections,
  screening: screeningProjections,
  consent: consentProjections,
  conferencing: conferencingProjections,
  'follow-up': followUpProjections,
  audit: auditProjections,
};
