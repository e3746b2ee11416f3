import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { isRole, type Principal, type Role } from './principal';

export interface TokenVerifierOptions {
  /** Shared secret for HS256 (development and tests; `npm run token` signs with it). */
  readonly secret?: string;
  /** JWKS of an OIDC provider (production); takes precedence over the secret. */
  readonly jwksUrl?: string;
  readonly issuer?: string;
  readonly audience?: string;
}

export class InvalidToken extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidToken';
  }
}

/** Verifies bearer tokens and reads the principal from the `sub`, `agency` and `roles` claims. */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;

  constructor(private readonly options: TokenVerifierOptions) {
    if (options.jwksUrl) this.key = createRemoteJWKSet(new URL(options.jwksUrl));
    else if (options.secret) this.key = new TextEncoder().encode(options.secret);
    else throw new Error('a token verifier needs AUTH_JWT_SECRET or JWKS_URL');
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      const verifyOptions = {
        ...(this.options.issuer ? { issuer: this.options.issuer } : {}),
        ...(this.options.audience ? { audience: this.options.audience } : {}),
        ...(this.options.jwksUrl ? {} : { algorithms: ['HS256'] }),
      };
      ({ payload } =
        typeof this.key === 'function'
          ? await jwtVerify(token, this.key, verifyOptions)
          : await jwtVerify(token, this.key, verifyOptions));
    } catch (error) {
      throw new InvalidToken(`the bearer token is not valid: ${(error as Error).message}`);
    }
    const { sub, agency, roles } = payload as JWTPayload & { agency?: unknown; roles?: unknown };
    if (typeof sub !== 'string' || sub.length === 0)
      throw new InvalidToken('the bearer token has no `sub` claim');
    if (typeof agency !== 'string' || agency.length === 0)
      throw new InvalidToken('the bearer token has no `agency` claim');
    if (!Array.isArray(roles) || !roles.every(isRole))
      throw new InvalidToken("the bearer token's `roles` claim must be an array of known roles");
    return { sub, agency, roles: roles as Role[] };
  }
}

/** Signs a development token (HS256). Production tokens come from the OIDC provider. */
export async function signDevToken(secret: string, principal: Principal, expiresIn = '12h'): Promise<string> {
  return new SignJWT({ agency: principal.agency, roles: [...principal.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(principal.sub)
    .setIssuedAt()
    .setIssuer('accord-dev')
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
