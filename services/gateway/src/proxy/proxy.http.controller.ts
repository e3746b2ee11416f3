import { randomUUID } from 'node:crypto';
import { All, Controller, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Counter } from 'prom-client';
import {
  correlationIdOf,
  currentTraceparent,
  Metrics,
  problemFor,
  sendProblem,
  ServiceConfig,
} from '@accord/platform';
import type { GatewayConfig } from '../gateway.config';
import { ReplicaRotation, routeFor, type Upstream } from '../routing/upstream-routes';
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
  /** Requests being forwarded now, per service (UPSTREAM_MAX_IN_FLIGHT). */
  private readonly inFlight = new Map<string, number>();
  private readonly turnedAway: Counter<'service'>;

  constructor(
    @Inject(ServiceConfig) private readonly config: GatewayConfig,
    metrics: Metrics,
  ) {
    this.replicas = new ReplicaRotation(config);
    this.turnedAway = metrics.counter(
      'accord_gateway_upstream_busy_total',
      'Requests answered 503 because UPSTREAM_MAX_IN_FLIGHT requests to the service were already in flight',
      ['service'],
    );
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
    const busy = this.inFlight.get(route.service) ?? 0;
    if (busy >= this.config.UPSTREAM_MAX_IN_FLIGHT) {
      this.turnedAway.inc({ service: route.service });
      response.setHeader('retry-after', '1');
      sendProblem(
        response,
        problemFor(request, response, {
          status: 503,
          code: 'UPSTREAM_BUSY',
          detail: `The ${route.service} service already has ${busy} requests in flight through this gateway; send the request again after Retry-After.`,
          service: route.service,
        }),
      );
      return;
    }
    this.inFlight.set(route.service, busy + 1);
    try {
      await this.forwardToReplicas(request, response, route.service, requestId, correlationId, traceparent);
    } finally {
      this.inFlight.set(route.service, (this.inFlight.get(route.service) ?? 1) - 1);
    }
  }

  private async forwardToReplicas(
    request: Request,
    response: Response,
    service: Upstream,
    requestId: string,
    correlationId: string,
    traceparent: string | undefined,
  ): Promise<void> {
    // The service's replicas in turn: a request that cannot have reached one (it refused the
    // connection, or reset a stale kept-alive one) goes to the next, once round and one more.
    const targets = this.replicas.order(service);
    let failure: UpstreamFailure | null = null;
    for (let attempt = 0; attempt <= targets.length; attempt += 1) {
      failure = await forward(request, response, {
        target: targets[attempt % targets.length] as string,
        service,
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
      sendProblem(response, problemFor(request, response, { status, code, detail, service }));
    }
  }
}
