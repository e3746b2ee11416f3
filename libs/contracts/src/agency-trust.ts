/**
 * Which OpenID issuers each agency trusts, as the agency directory (intake) serves it at
 * `GET /api/directory/trust` and every service's token verifier reads it.
 */
export const TRUST_TIERS = ['agency', 'inspectorate', 'platform'] as const;
/**
 * What an agency's tokens may carry beyond its own work: `inspectorate` may grant `auditor`;
 * `platform` (the operator's agency, configured, never registered) `auditor` and `admin`.
 */
export type TrustTier = (typeof TRUST_TIERS)[number];

/** The roles claim when a registration names none. */
export const DEFAULT_ROLES_CLAIM = 'roles';

export interface TrustedIssuer {
  /** The `iss` of the agency's tokens, also the base of its `/.well-known/openid-configuration`. */
  readonly issuer: string;
  /** Which claim carries the roles (a dotted path for nested claims: `realm_access.roles`). */
  readonly rolesClaim: string;
}

export interface AgencyTrust {
  readonly agency: string;
  /** The agency's name in the directory, where it has one (sign-in pages list organisations by it). */
  readonly name?: string | null;
  readonly tier: TrustTier;
  readonly issuers: readonly TrustedIssuer[];
}
