import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { isRole, type Role, type TrustTier } from '@accord/contracts';
import type { Principal } from './principal';
import { DirectoryUnavailable, type TrustedIssuers } from './trusted-issuers';

/** Why a token was refused: the `reason` label of `accord_auth_token_rejected_total`. */
export type RejectionReason =
  | 'malformed'
  | 'algorithm'
  | 'issuer_not_trusted'
  | 'unknown_key'
  | 'signature'
  | 'expired'
  | 'not_yet_valid'
  | 'issued_in_future'
  | 'audience'
  | 'lifetime'
  | 'claims'
  | 'platform_role';

/** A token Accord does not accept (401). The reason is for metrics and logs, never for the caller. */
export class InvalidToken extends Error {
  constructor(
    readonly reason: RejectionReason,
    detail: string,
  ) {
    super(detail);
    this.name = 'InvalidToken';
  }
}

/** The token may be fine, but its issuer or the directory cannot be reached to tell (503). */
export class TrustUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrustUnavailable';
  }
}

/** Asymmetric signatures only: a shared secret would let anyone who verifies also sign. */
export const TOKEN_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

export interface TokenVerifierOptions {
  readonly trust: TrustedIssuers;
  /** Accord's audience: every token's `aud` must include it. */
  readonly audience: string;
  /** Longest accepted remaining lifetime (`exp` − now), in seconds. */
  readonly maxLifetimeSeconds: number;
  readonly clockSkewSeconds: number;
  /** How long an issuer's keys are used without asking it again. */
  readonly jwksCacheMs: number;
  /** After a key refresh, an unknown `kid` does not trigger another one for this long. */
  readonly jwksCooldownMs: number;
  readonly fetchTimeoutMs: number;
}

/** Platform roles an agency's tier allows; anything else in this list from that tier is refused. */
const PLATFORM_ROLES: Record<TrustTier, readonly Role[]> = {
  platform: ['admin', 'auditor'],
  inspectorate: ['auditor'],
  agency: [],
};

function claimAt(payload: JWTPayload, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined,
      payload,
    );
}

/**
 * Verifies bearer tokens against the issuers each agency registered in the agency directory: the
 * issuer must be registered for the agency the token claims; the signature must check against
 * that issuer's keys (OpenID discovery, cached, refreshed on an unknown `kid`); `aud`, `exp`
 * (bounded), `nbf` and `iat` must hold. Platform roles come only from platform or inspectorate
 * issuers; `admin` from any other agency's issuer means that agency's own administrator.
 */
export class TokenVerifier {
  private readonly keySets = new Map<string, Promise<JWTVerifyGetKey>>();

  constructor(private readonly options: TokenVerifierOptions) {}

  async verify(token: string): Promise<Principal> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    let claimed: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      claimed = decodeJwt(token);
    } catch {
      throw new InvalidToken('malformed', 'the token is not a signed JWT');
    }
    if (!(TOKEN_ALGORITHMS as readonly string[]).includes(String(header.alg)))
      throw new InvalidToken('algorithm', `alg ${String(header.alg)} is not accepted`);
    const iss = claimed.iss;
    if (typeof iss !== 'string') throw new InvalidToken('issuer_not_trusted', 'no iss');
    const agency = typeof claimed['agency'] === 'string' ? claimed['agency'] : await this.soleAgency(iss);
    if (!agency) throw new InvalidToken('issuer_not_trusted', `${iss} names no agency`);
    const registration = await this.trustOrUnavailable(() => this.options.trust.find(agency, iss));
    // Never fetch anything from an issuer that is not registered for the agency it speaks for.
    if (!registration)
      throw new InvalidToken('issuer_not_trusted', `${iss} is not registered for agency ${agency}`);

    const payload = await this.checkSignatureAndClaims(token, iss);
    const { sub, exp, iat } = payload;
    if (typeof sub !== 'string' || sub.length === 0) throw new InvalidToken('claims', 'no sub');
    if (typeof exp !== 'number') throw new InvalidToken('claims', 'no exp');
    const now = Math.floor(Date.now() / 1000);
    const { maxLifetimeSeconds, clockSkewSeconds } = this.options;
    if (typeof iat === 'number' && iat > now + clockSkewSeconds)
      throw new InvalidToken('issued_in_future', `iat is ${iat - now} s ahead`);
    if (exp - Math.min(iat ?? now, now) > maxLifetimeSeconds + clockSkewSeconds)
      throw new InvalidToken('lifetime', `the token lives ${exp - Math.min(iat ?? now, now)} s`);

    const raw = claimAt(payload, registration.issuer.rolesClaim);
    const asked = Array.isArray(raw) ? raw.filter(isRole) : [];
    const platformRoles = PLATFORM_ROLES[registration.tier];
    const refused = asked.filter((role) => role === 'auditor' && !platformRoles.includes(role));
    if (refused.length > 0)
      throw new InvalidToken('platform_role', `${agency} (${registration.tier}) may not grant ${refused}`);
    // An agency's `admin` administers that agency only; the platform's administers Accord.
    const roles = [
      ...new Set(
        asked.map(
          (role): Role => (role === 'admin' && !platformRoles.includes(role) ? 'agency-admin' : role),
        ),
      ),
    ];
    return { sub, agency, roles };
  }

  private async soleAgency(iss: string): Promise<string | null> {
    return this.trustOrUnavailable(() => this.options.trust.soleAgencyOf(iss));
  }

  private async trustOrUnavailable<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof DirectoryUnavailable) throw new TrustUnavailable(error.message);
      throw error;
    }
  }

  private async checkSignatureAndClaims(token: string, iss: string): Promise<JWTPayload> {
    const keys = await this.keysOf(iss);
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: iss,
        audience: this.options.audience,
        algorithms: [...TOKEN_ALGORITHMS],
        clockTolerance: this.options.clockSkewSeconds,
        requiredClaims: ['exp', 'sub'],
      });
      return payload;
    } catch (error) {
      if (error instanceof TrustUnavailable) throw error;
      throw new InvalidToken(reasonOf(error), (error as Error).message);
    }
  }

  /** The issuer's key set, found by OpenID discovery once; its keys cached by jose. */
  private keysOf(iss: string): Promise<JWTVerifyGetKey> {
    let keys = this.keySets.get(iss);
    if (!keys) {
      keys = this.discover(iss);
      this.keySets.set(iss, keys);
      // A failed discovery is tried again by the next token.
      keys.catch(() => this.keySets.delete(iss));
    }
    return keys;
  }

  private async discover(iss: string): Promise<JWTVerifyGetKey> {
    let jwksUri: unknown;
    try {
      const response = await fetch(`${iss.replace(/\/$/, '')}/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(this.options.fetchTimeoutMs),
      });
      if (response.status !== 200) throw new Error(`discovery answered ${response.status}`);
      ({ jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: unknown });
    } catch (error) {
      throw new TrustUnavailable(
        `the identity provider ${iss} cannot be reached: ${(error as Error).message}`,
      );
    }
    if (typeof jwksUri !== 'string')
      throw new TrustUnavailable(`the identity provider ${iss} publishes no jwks_uri`);
    const remote = createRemoteJWKSet(new URL(jwksUri), {
      cacheMaxAge: this.options.jwksCacheMs,
      cooldownDuration: this.options.jwksCooldownMs,
      timeoutDuration: this.options.fetchTimeoutMs,
    });
    return async (protectedHeader, token) => {
      try {
        return await remote(protectedHeader, token);
      } catch (error) {
        if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
          throw error;
        // Keys are cached for their lifetime; past it, an unreachable issuer means "not now", never "yes".
        throw new TrustUnavailable(`the identity provider ${iss} cannot be reached for its keys`);
      }
    };
  }
}

function reasonOf(error: unknown): RejectionReason {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'not_yet_valid';
    if (error.claim === 'iat') return 'issued_in_future';
    if (error.claim === 'aud') return 'audience';
    if (error.claim === 'iss') return 'issuer_not_trusted';
    return 'claims';
  }
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown_key';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  return 'malformed';
}
