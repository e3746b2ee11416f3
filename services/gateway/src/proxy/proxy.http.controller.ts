import { randomUUID } from 'node:crypto';
import { All, Controller, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { correlationIdOf, problemFor, sendProblem, ServiceConfig } from '@accord/platform';
import type { GatewayConfig } from '../gateway.config';
import { routeFor, upstreamUrl } from '../routing/upstream-routes';
import { forward } from './reverse-proxy';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Everything under /api goes to the service that owns it. The platform's guard has verified the
 * bearer token by now (no or bad token: 401); the services verify it again and decide roles and
 * visibility themselves.
 */
@ApiExcludeController()
@Controller()
export class ProxyHttpController {
  constructor(@Inject(ServiceConfig) private readonly config: GatewayConfig) {}

  @All(['api', 'api/*path'])
  async proxy(@Req() request: Request, @Res() response: Response): Promise<void> {
    const correlationId = correlationIdOf(response);
    const offered = request.header('x-request-id');
    const requestId = offered && REQUEST_ID.test(offered) ? offered : randomUUID();
    response.setHeader('x-request-id', requestId);

    const route = routeFor(request.path);
    if (route.kind !== 'upstream') {
      sendProblem(
        response,
        problemFor(
          request,
          response,
          route.kind === 'bad-path'
            ? {
                status: 400,
                code: 'BAD_PATH',
                detail:
                  'The path has "." or ".." segments, empty segments or encoded slashes; send it in its plain form.',
              }
            : {
                status: 404,
                code: 'NO_ROUTE',
                detail: `No service answers ${request.path}; GET /api/docs lists the API.`,
              },
        ),
      );
      return;
    }
    const failure = await forward(request, response, {
      target: upstreamUrl(this.config, route.service),
      service: route.service,
      timeoutMs: this.config.UPSTREAM_TIMEOUT_MS,
      extraHeaders: { 'x-request-id': requestId, 'x-correlation-id': correlationId },
    });
    if (failure) sendProblem(response, problemFor(request, response, { ...failure, service: route.service }));
  }
}
