import type { ServiceProjections } from '@accord/platform';
import { caseConsentProjection } from './consent/case-consent/case-consent.projection';
import { consentService } from './consent.service';

/** Consent's read models built from the log, for `npm run rebuild`. */
export const consentProjections: ServiceProjections = {
  definition: consentService,
  projections: { 'case-consent': caseConsentProjection },
};
