import { createHash } from 'node:crypto';
import { Inject, Injectable, type ExecutionContext, type NestMiddleware } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerStorage, getStorageToken } from '@nestjs/throttler';
import type { NextFunction, Request, Response } from 'express';
import { currentCorrelationId, problem, sendProblem, ServiceConfig, type Principal } from '@accord/platform';
import type { GatewayConfig } from '../gateway.config';

const MINUTE_MS = 60_000;

const clientAddress = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/**
 * Per caller, per minute, after authentication: the verified principal (agency and subject), so
 * however the `Authorization` header is spelt, and whichever of the caller's tokens it carries, the
 * allowance is one. Before a token is verified (or on a public route) the token itself, hashed, or
 * the client address stands in. Health and metrics are not limited, so probes never see a 429.
 * The throttler is `default`, so a 429 carries a plain `Retry-After`.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const req = request as unknown as Request & { principal?: Principal };
    if (req.principal) return `principal:${req.principal.agency}/${req.principal.sub}`;
    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.header('authorization') ?? '')?.[1];
    if (token) return `token:${createHash('sha256').update(token).digest('base64url')}`;
    return `ip:${clientAddress(req)}`;
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return !context.switchToHttp().getRequest<Request>().path.startsWith('/api');
  }
}

/**
 * Per client address, per minute, before anything else (authentication included): token guessing
 * and floods of forged tokens are bounded too. Generous, since many callers may share an address.
 */
@Injectable()
export class AddressRateLimitMiddleware implements NestMiddleware {
  constructor(
    @Inject(getStorageToken()) private readonly storage: ThrottlerStorage,
    @Inject(ServiceConfig) private readonly config: GatewayConfig,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const limit = this.config.RATE_LIMIT_PER_ADDRESS_PER_MINUTE;
    const address = clientAddress(req);
    const { totalHits, timeToExpire } = await this.storage.increment(
      `address:${address}`,
      MINUTE_MS,
      limit,
      0,
      'address',
    );
    if (totalHits <= limit) return next();
    res.setHeader('Retry-After', String(Math.max(1, timeToExpire)));
    sendProblem(
      res,
      problem({
        status: 429,
        detail: `Too many requests from this address: at most ${limit} a minute; wait and retry.`,
        instance: req.originalUrl,
        correlationId: currentCorrelationId() ?? '',
      }),
    );
  }
}
