import { createHash } from 'node:crypto';
import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';

/**
 * Per caller, per minute: callers are told apart by their bearer token (hashed: the limiter's
 * memory holds no tokens), or by their address when they send none. Health and metrics are not
 * limited, so probes and scrapers never see a 429.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const req = request as unknown as Request;
    const authorization = req.header('authorization');
    if (authorization) return `token:${createHash('sha256').update(authorization).digest('base64url')}`;
    return `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return !context.switchToHttp().getRequest<Request>().path.startsWith('/api');
  }
}
