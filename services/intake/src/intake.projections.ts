import type { ServiceProjections } from '@accord/platform';
import { agencyTrustProjection } from './agency/agency-trust/agency-trust.projection';
import { intakeService } from './intake.service';
import { referralStatusProjection } from './referral/referral-status/referral-status.projection';

/** Intake's read models built from the log, for `npm run rebuild`. */
export const intakeProjections: ServiceProjections = {
  definition: intakeService,
  projections: { 'referral-status': referralStatusProjection, 'agency-trust': agencyTrustProjection },
  notProjected: { agencies: 'reference data that admins keep through PUT /api/admin/agencies/:id' },
};
