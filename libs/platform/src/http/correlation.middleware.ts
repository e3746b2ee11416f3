import { randomUUID } from 'node:crypto';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { withCorrelationId } from '../logging/logger';

const HEADER = 'x-correlation-id';
const VALID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes the caller's correlation id (or makes one), echoes it, and scopes the request's logs to it. */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const offered = request.header(HEADER);
    const correlationId = offered && VALID.test(offered) ? offered : randomUUID();
    response.setHeader(HEADER, correlationId);
    withCorrelationId(correlationId, next);
  }
}
