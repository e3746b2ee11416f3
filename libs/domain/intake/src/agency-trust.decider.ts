import {
  assertNever,
  unprocessable,
  uuidV5,
  type Command,
  type TrustedIssuer,
  type TrustTier,
} from '@accord/contracts';

/**
 * An agency's trust record in the agency directory (stream `intake.AgencyTrust-<uuid v5 of the
 * agency id>`): which OpenID issuers speak for the agency, which claim carries their roles, and
 * its tier. Set by a platform administrator; each change is an event like any other decision.
 */

/** `caseId` is the trust record's id (agencyTrustId): the one command shape keys streams by it. */
export type SetAgencyTrust = Command<
  'SetAgencyTrust',
  {
    readonly caseId: string;
    readonly agencyId: string;
    readonly tier: Exclude<TrustTier, 'platform'>;
    readonly issuers: readonly TrustedIssuer[];
    readonly reason: string;
  }
>;
export type AgencyTrustCommand = SetAgencyTrust;

export interface AgencyTrustSet {
  readonly type: 'AgencyTrustSet';
  readonly data: {
    readonly agencyId: string;
    readonly tier: Exclude<TrustTier, 'platform'>;
    readonly issuers: readonly TrustedIssuer[];
    readonly setBy: string;
    readonly setAt: string;
    readonly reason: string;
  };
}
export type AgencyTrustEvent = AgencyTrustSet;

export type AgencyTrustState = {
  readonly tier: Exclude<TrustTier, 'platform'>;
  readonly issuers: readonly TrustedIssuer[];
} | null;

/** Stream id suffix of an agency's trust record (stream names end in a UUID). */
export const agencyTrustId = (agencyId: string): string => uuidV5(`intake/agency-trust/${agencyId}`);

const sameIssuers = (a: readonly TrustedIssuer[], b: readonly TrustedIssuer[]): boolean =>
  a.length === b.length &&
  a.every(
    (issuer, index) => issuer.issuer === b[index]?.issuer && issuer.rolesClaim === b[index]?.rolesClaim,
  );

function decide(command: AgencyTrustCommand, state: AgencyTrustState): AgencyTrustEvent[] {
  switch (command.type) {
    case 'SetAgencyTrust': {
      const { agencyId, tier, reason } = command.data;
      const issuers = [...command.data.issuers].sort((a, b) => a.issuer.localeCompare(b.issuer));
      const distinct = new Set(issuers.map((issuer) => issuer.issuer));
      if (distinct.size !== issuers.length)
        throw unprocessable('DUPLICATE_ISSUER', 'Each issuer may be registered once per agency.', {
          field: 'issuers',
        });
      // Setting what is already recorded changes nothing (a retried request appends nothing).
      if (state && state.tier === tier && sameIssuers(state.issuers, issuers)) return [];
      return [
        {
          type: 'AgencyTrustSet',
          data: {
            agencyId,
            tier,
            issuers,
            setBy: command.metadata.actor.id,
            setAt: command.metadata.now,
            reason,
          },
        },
      ];
    }
    default:
      return assertNever(command.type);
  }
}

function evolve(_state: AgencyTrustState, event: AgencyTrustEvent): AgencyTrustState {
  switch (event.type) {
    case 'AgencyTrustSet':
      return { tier: event.data.tier, issuers: event.data.issuers };
    default:
      return assertNever(event.type);
  }
}

export const agencyTrustDecider = { decide, evolve, initialState: null as AgencyTrustState };
