import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * Headers every response carries. Under `/api` answers may hold decrypted personal data: no cache
 * may keep them (`no-store`), and as JSON they never need a script, a frame or a plugin (a strict
 * CSP; the API docs page under /api/docs and the console are pages and keep their own). HSTS is the TLS
 * terminator's (README, "Identity providers"): a service does not know whether TLS was used.
 */
@Injectable()
export class SecurityHeadersMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    if (request.originalUrl.startsWith('/api/')) {
      response.setHeader('Cache-Control', 'no-store');
      if (!request.originalUrl.startsWith('/api/docs'))
        response.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    }
    next();
  }
}
