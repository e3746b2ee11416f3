import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  ServiceUnavailableException,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { Metrics } from '../metrics/metrics';
import { LOGGER } from '../tokens';
import type { Role } from '@accord/contracts';
import type { Principal } from './principal';
import { PUBLIC } from './public';
import { InvalidToken, TokenVerifier, TrustUnavailable } from './token-verifier';

const ROLES_KEY = 'accord.auth.roles';

export { Public } from './public';

/** Seconds a caller should wait when an identity provider or the directory cannot be reached. */
const TRUST_RETRY_AFTER_SECONDS = 5;

/** The caller needs at least one of these roles, else 403. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

type AuthenticatedRequest = Request & { principal?: Principal };

/** Who may call a route, as the guard decides it (the OpenAPI document says the same). */
export function routeAccess(
  handler: object,
  controller: object,
  reflector = new Reflector(),
): { readonly public: boolean; readonly roles?: readonly Role[] } {
  const targets = [handler, controller] as Parameters<Reflector['getAllAndOverride']>[1];
  const roles = reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
  return {
    public: reflector.getAllAndOverride<boolean>(PUBLIC, targets) === true,
    ...(roles ? { roles } : {}),
  };
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The verified caller of the current HTTP request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new UnauthorizedException('this route needs a bearer token');
  return principal;
});

/**
 * Every service verifies the bearer token itself: the gateway is a convenience, not the wall.
 * No token or a bad one → 401 (saying nothing that helps a forger; the reason goes to
 * `accord_auth_token_rejected_total` and the debug log); an issuer or the agency directory that
 * cannot be reached → 503 with Retry-After; no role, or a role that may not do this → 403.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1])
      throw new UnauthorizedException(
        "send `Authorization: Bearer <token>` from your agency's identity provider (npm run token in development)",
      );
    try {
      request.principal = await this.verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidToken) {
        this.metrics.tokensRejected.inc({ reason: error.reason });
        this.logger.debug({ reason: error.reason, detail: error.message }, 'bearer token refused');
        throw new UnauthorizedException('the bearer token was refused');
      }
      if (error instanceof TrustUnavailable) {
        this.logger.warn({ detail: error.message }, 'cannot verify bearer tokens now');
        context.switchToHttp().getResponse<Response>().setHeader('Retry-After', TRUST_RETRY_AFTER_SECONDS);
        throw new ServiceUnavailableException(
          "the bearer token cannot be checked right now: its agency's identity provider or the agency directory is not reachable; try again shortly",
        );
      }
      throw error;
    }
    if (request.principal.roles.length === 0) throw new ForbiddenException('this token grants no role');
    // Auditors read everything and change nothing, whatever else their token carries: refused here,
    // before any body is validated or any handler runs.
    if (request.principal.roles.includes('auditor') && !READ_METHODS.has(request.method)) {
      throw new ForbiddenException('auditors have read-only access: this request would change something');
    }
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (required && !required.some((role) => request.principal?.roles.includes(role))) {
      throw new ForbiddenException(`this needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }
}
