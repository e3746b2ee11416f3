import { Injectable } from '@nestjs/common';
import { DEFAULT_ROLES_CLAIM, unprocessable, type AgencyTrust } from '@accord/contracts';
import { handleCommand, InjectEventStore, streamName, type EventStore } from '@accord/event-store';
import { agencyTrustDecider, agencyTrustId } from '@accord/intake-domain';
import { ServiceConfig, type Principal } from '@accord/platform';
import { requestMetadata } from '../../referral/referral.stream';
import { AgencyTrustProjection } from './agency-trust.projection';
import type { SetAgencyTrustRequest } from './set-agency-trust.request.dto';

export const agencyTrustStream = (agencyId: string): string =>
  streamName('intake', 'AgencyTrust', agencyTrustId(agencyId));

/** A platform administrator registers (or changes, or empties) an agency's trusted issuers. */
@Injectable()
export class SetAgencyTrustHandler {
  constructor(
    @InjectEventStore() private readonly store: EventStore,
    private readonly projection: AgencyTrustProjection,
    private readonly config: ServiceConfig,
  ) {}

  async handle(agencyId: string, request: SetAgencyTrustRequest, principal: Principal): Promise<AgencyTrust> {
    if (agencyId === this.config.AUTH_PLATFORM_AGENCY)
      throw unprocessable(
        'PLATFORM_AGENCY_IS_CONFIGURED',
        `${agencyId} is the platform operator's agency: its issuer is configured (AUTH_PLATFORM_ISSUER), not registered.`,
        { field: 'id' },
      );
    const now = new Date().toISOString();
    const issuers = request.issuers.map((issuer) => ({
      issuer: issuer.issuer,
      rolesClaim: issuer.rolesClaim ?? DEFAULT_ROLES_CLAIM,
    }));
    const stream = agencyTrustStream(agencyId);
    const { state } = await handleCommand(
      this.store,
      stream,
      agencyTrustDecider,
      {
        type: 'SetAgencyTrust',
        data: { agencyId, tier: request.tier, issuers, reason: request.reason },
        metadata: { actor: principal.sub, agency: principal.agency, now },
      },
      { metadata: requestMetadata(principal, now, request.reason), retryOnConflict: true },
    );
    await this.projection.applyStream(stream, 'last');
    return { agency: agencyId, tier: state?.tier ?? request.tier, issuers: state?.issuers ?? issuers };
  }
}
