import { randomUUID } from 'node:crypto';
import { All, Controller, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  correlationIdOf,
  currentTraceparent,
  problemFor,
  sendProblem,
  ServiceConfig,
} from '@accord/platform';
import type { GatewayConfig } from '../gateway.config';
import { ReplicaRotation, routeFor } from '../routing/upstream-routes';
import { forward, type UpstreamFailure } from './reverse-proxy';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Everything under /api goes to the service that owns it. The platform's guard has verified the
 * bearer token by now (no or bad token: 401); the services verify it again and decide roles and
 * visibility themselves.
 */
@ApiExcludeController()
@Controller()
export class ProxyHttpController {
  private readonly replicas: ReplicaRotation;

  constructor(@Inject(ServiceConfig) private readonly config: GatewayConfig) {
    this.replicas = new ReplicaRotation(config);
  }

  @All(['api', 'api/*path'])
  async proxy(@Req() request: Request, @Res() response: Response): Promise<void> {
    const correlationId = correlationIdOf(response);
    const traceparent = currentTraceparent();
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
    // The service's replicas in turn: a request that cannot have reached one (it refused the
    // connection, or reset a stale kept-alive one) goes to the next, once round and one more.
    const targets = this.replicas.order(route.service);
    let failure: UpstreamFailure | null = null;
    for (let attempt = 0; attempt <= targets.length; attempt += 1) {
      failure = await forward(request, response, {
        target: targets[attempt % targets.length] as string,
        service: route.service,
        timeoutMs: this.config.UPSTREAM_TIMEOUT_MS,
        extraHeaders: {
          'x-request-id': requestId,
          'x-correlation-id': correlationId,
          // The service's work continues the gateway's span, not the caller's.
          ...(traceparent ? { traceparent } : {}),
        },
      });
      if (!failure?.retryable) break;
    }
    if (failure) {
      const { status, code, detail } = failure;
      sendProblem(response, problemFor(request, response, { status, code, detail, service: route.service }));
    }
  }
}
