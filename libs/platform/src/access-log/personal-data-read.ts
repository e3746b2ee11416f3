import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Optional,
  ServiceUnavailableException,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { concatMap, type Observable } from 'rxjs';
import { DATA_ACCESS_AGGREGATE, PERSONAL_DATA_READ, type PersonalDataReadV1 } from '@accord/contracts';
import { EVENT_STORE, streamName, type EventStore } from '@accord/event-store';
import type { Principal } from '../auth/principal';
import { ServiceConfig } from '../config/service-config';
import type { Logger } from 'pino';
import { currentCorrelationId, currentTraceparent } from '../logging/logger';
import { LOGGER } from '../tokens';

const READS_PERSONAL_DATA = 'accord.access-log.reads-personal-data';

/** Which cases a response showed: the route's `:caseId`, or the case ids a list response holds. */
export type CasesRead = { readonly param: string } | { readonly fromResponse: (body: unknown) => string[] };

/**
 * The route serves a case's personal data: every successful call is recorded in the access log
 * (`<service>.DataAccess-<caseId>`, one event per case shown) before the response leaves. A read
 * that cannot be recorded is refused (503): nobody reads personal data off the record.
 */
export const ReadsPersonalData = (cases: CasesRead = { param: 'caseId' }): MethodDecorator =>
  SetMetadata(READS_PERSONAL_DATA, cases);

/** Appends at most this many access events at once (an inbox may show a couple of hundred cases). */
const PARALLEL_APPENDS = 8;

@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: ServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(EVENT_STORE) private readonly store?: EventStore,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const cases = this.reflector.get<CasesRead | undefined>(READS_PERSONAL_DATA, context.getHandler());
    if (!cases || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    return next.handle().pipe(
      concatMap(async (body: unknown) => {
        const caseIds = 'param' in cases ? [request.params[cases.param]] : cases.fromResponse(body);
        await this.record(
          request,
          caseIds.filter((id): id is string => typeof id === 'string'),
        );
        return body;
      }),
    );
  }

  private async record(request: Request & { principal?: Principal }, caseIds: readonly string[]) {
    const principal = request.principal;
    if (!principal || caseIds.length === 0) return;
    if (!this.store)
      throw new Error(`${this.config.SERVICE_NAME} serves personal data but writes no event store`);
    const store = this.store;
    const endpoint = `${request.method} ${String(request.route?.path ?? request.path)}`;
    const correlationId = currentCorrelationId() ?? randomUUID();
    const traceparent = currentTraceparent();
    const pending = [...new Set(caseIds)];
    try {
      while (pending.length > 0) {
        await Promise.all(
          pending.splice(0, PARALLEL_APPENDS).map((caseId) => {
            const data: PersonalDataReadV1 = {
              caseId,
              endpoint,
              actor: principal.sub,
              agency: principal.agency,
              roles: principal.roles,
            };
            return store.appendToStream(
              streamName(this.config.SERVICE_NAME, DATA_ACCESS_AGGREGATE, caseId),
              [
                {
                  eventId: randomUUID(),
                  type: PERSONAL_DATA_READ,
                  schemaVersion: 1,
                  data,
                  metadata: {
                    correlationId,
                    causationId: correlationId,
                    actor: principal.sub,
                    agency: principal.agency,
                    occurredAt: new Date().toISOString(),
                    ...(traceparent ? { traceparent } : {}),
                  },
                },
              ],
              { expectedVersion: 'any' },
            );
          }),
        );
      }
    } catch (error) {
      this.logger.error({ err: error, endpoint, caseIds }, 'could not record a read of personal data');
      throw new ServiceUnavailableException(
        'The read could not be recorded in the access log, so it was refused; try again shortly.',
      );
    }
  }
}
