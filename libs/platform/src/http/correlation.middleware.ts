import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { SpanKind, startSpan } from '@accord/messaging';
import { withCorrelationId } from '../logging/logger';

const HEADER = 'x-correlation-id';
const VALID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-[0-9a-f]{16}-([0-9a-f]{2})$/;

/** Continues the caller's trace (new span id) or starts one, so events carry where they came from. */
export function nextTraceparent(incoming: string | undefined): string {
  const match = incoming ? TRACEPARENT.exec(incoming) : null;
  const traceId = match?.[1] ?? randomBytes(16).toString('hex');
  return `00-${traceId}-${randomBytes(8).toString('hex')}-${match?.[2] ?? '01'}`;
}

/** Takes the caller's correlation id (or makes one), echoes it, and scopes the request's logs to it. */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const offered = request.header(HEADER);
    const correlationId = offered && VALID.test(offered) ? offered : randomUUID();
    const incoming = request.header('traceparent');
    // Traced: this request's server span; the commands it runs (and their events) are its children.
    const span = startSpan(`HTTP ${request.method}`, SpanKind.SERVER, incoming, {
      'http.request.method': request.method,
      'url.path': request.path,
    });
    const traceparent = span.traceparent ?? nextTraceparent(incoming);
    response.once('finish', () =>
      span.end({
        attributes: {
          'http.response.status_code': response.statusCode,
          ...(request.route ? { 'http.route': `${request.baseUrl}${String(request.route.path)}` } : {}),
        },
      }),
    );
    response.setHeader(HEADER, correlationId);
    response.setHeader('traceparent', traceparent);
    withCorrelationId(correlationId, next, traceparent);
  }
}
