import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DEFAULT_ROLES_CLAIM, unprocessable, type AgencyTrust } from '@accord/contracts';
import { InjectEventStore, streamName, type EventStore } from '@accord/event-store';
import { agencyTrustDecider, agencyTrustId } from '@accord/intake-domain';
import {
  CommandRunner,
  LOGGER,
  ProjectionHost,
  requestMetadata,
  ServiceConfig,
  type Principal,
} from '@accord/platform';
import type { SetAgencyTrustRequest } from './set-agency-trust.request.dto';

/** `intake.AgencyTrust-<agencyTrustId>`: an agency's trust record. */
export const agencyTrustStream = (trustId: string): string => streamName('intake', 'AgencyTrust', trustId);

/** A platform administrator registers (or changes, or empties) an agency's trusted issuers. */
@Injectable()
export class SetAgencyTrustHandler {
  private readonly runner: CommandRunner<typeof agencyTrustDecider>;

  constructor(
    @InjectEventStore() store: EventStore,
    projections: ProjectionHost,
    @Inject(LOGGER) logger: Logger,
    private readonly config: ServiceConfig,
  ) {
    this.runner = new CommandRunner(
      { decider: agencyTrustDecider, stream: agencyTrustStream },
      store,
      [projections],
      logger.child({ component: 'commands' }),
    );
  }

  async handle(agencyId: string, request: SetAgencyTrustRequest, principal: Principal): Promise<AgencyTrust> {
    if (agencyId === this.config.AUTH_PLATFORM_AGENCY)
      throw unprocessable(
        'PLATFORM_AGENCY_IS_CONFIGURED',
        `${agencyId} is the platform operator's agency: its issuer is configured (AUTH_PLATFORM_ISSUER), not registered.`,
        { field: 'id' },
      );
    const issuers = request.issuers.map((issuer) => ({
      issuer: issuer.issuer,
      rolesClaim: issuer.rolesClaim ?? DEFAULT_ROLES_CLAIM,
    }));
    const { state } = await this.runner.run({
      type: 'SetAgencyTrust',
      data: {
        caseId: agencyTrustId(agencyId),
        agencyId,
        tier: request.tier,
        issuers,
        reason: request.reason,
      },
      metadata: requestMetadata(principal, { reason: request.reason }),
    });
    return { agency: agencyId, tier: state?.tier ?? request.tier, issuers: state?.issuers ?? issuers };
  }
}
