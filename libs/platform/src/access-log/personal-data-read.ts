import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Optional,
  ServiceUnavailableException,
  SetMetadata,
  type BeforeApplicationShutdown,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { concatMap, type Observable } from 'rxjs';
import { EVENT_STORE, type EventStore } from '@accord/event-store';
import type { Principal } from '../auth/principal';
import { ServiceConfig } from '../config/service-config';
import type { Logger } from 'pino';
import { currentCorrelationId, currentTraceparent } from '../logging/logger';
import { Metrics } from '../metrics/metrics';
import { LOGGER } from '../tokens';
import { ReadWindows } from './read-windows';

const READS_PERSONAL_DATA = 'accord.access-log.reads-personal-data';

/** Which cases a response showed: the route's `:caseId`, or the case ids a list response holds. */
export type CasesRead = { readonly param: string } | { readonly fromResponse: (body: unknown) => string[] };

/**
 * The route serves a case's personal data: every successful call is recorded in the access log
 * (`<service>.DataAccess-<caseId>`, per case shown) before the response leaves; repeats within
 * ACCESS_LOG_WINDOW_MS are counted into one event (docs/adr/0013-coalesced-access-log.md). A read
 * that cannot be recorded is refused (503): nobody reads personal data off the record.
 */
export const ReadsPersonalData = (cases: CasesRead = { param: 'caseId' }): MethodDecorator =>
  SetMetadata(READS_PERSONAL_DATA, cases);

/** How often open windows are looked at: a window closes at most this late (never before its time). */
const sweepEvery = (windowMs: number): number => Math.min(Math.max(Math.floor(windowMs / 4), 50), 5_000);

/** The service's access log: its open windows, closed on time and all at once on shutdown. */
@Injectable()
export class AccessLogWindows implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly windows: ReadWindows | null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: ServiceConfig,
    @Inject(LOGGER) logger: Logger,
    metrics: Metrics,
    @Optional() @Inject(EVENT_STORE) store?: EventStore,
  ) {
    const windows = store
      ? new ReadWindows({
          store,
          service: config.SERVICE_NAME,
          windowMs: config.ACCESS_LOG_WINDOW_MS,
          logger: logger.child({ component: 'access-log' }),
          onRead: (recorded) => metrics.accessLogReads.inc({ recorded }),
        })
      : null;
    if (windows)
      metrics.accessLogSource = () => ({ open: windows.openWindows, unstored: windows.unstoredWindows });
    this.windows = windows;
  }

  onApplicationBootstrap(): void {
    const windows = this.windows;
    if (!windows || this.config.ACCESS_LOG_WINDOW_MS === 0) return;
    this.timer = setInterval(() => void windows.sweep(), sweepEvery(this.config.ACCESS_LOG_WINDOW_MS));
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.windows?.closeAll();
  }
}

@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: ServiceConfig,
    private readonly accessLog: AccessLogWindows,
    @Inject(LOGGER) private readonly logger: Logger,
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
    const windows = this.accessLog.windows;
    if (!windows)
      throw new Error(`${this.config.SERVICE_NAME} serves personal data but writes no event store`);
    const endpoint = `${request.method} ${String(request.route?.path ?? request.path)}`;
    const correlationId = currentCorrelationId() ?? randomUUID();
    const traceparent = currentTraceparent();
    try {
      await windows.record(
        [...new Set(caseIds)].map((caseId) => ({
          caseId,
          endpoint,
          actor: principal.sub,
          agency: principal.agency,
          roles: principal.roles,
          correlationId,
          ...(traceparent ? { traceparent } : {}),
        })),
      );
    } catch (error) {
      this.logger.error({ err: error, endpoint, caseIds }, 'could not record a read of personal data');
      throw new ServiceUnavailableException(
        'The read could not be recorded in the access log, so it was refused; try again shortly.',
      );
    }
  }
}
