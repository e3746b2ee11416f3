import {
  Inject,
  Injectable,
  Optional,
  ServiceUnavailableException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Request, Response } from 'express';
import { concatMap, defer, Observable, switchMap } from 'rxjs';
import { serviceDeclaration, type ServiceName } from '@accord/contracts';
import { CommandRunner } from '../commands/command-runner';
import { ServiceConfig } from '../config/service-config';
import { InvalidRequest } from '../http/problem';
import {
  collectingWrites,
  CONSISTENCY_HEADER,
  formatConsistencyToken,
  mergeConsistency,
  parseConsistencyToken,
  type ConsistencyPart,
} from './consistency-token';
import { HeardPositions } from './heard-positions';

/** Between two looks at what has been heard while a request waits (ms). */
const POLL_MS = 25;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Read-your-writes across services, on every route of a service that keeps events:
 *  - a request's `Accord-Consistency` token names positions of other services' events; for those
 *    of services this one hears, the request waits until the consumer has handled them (at most
 *    CONSISTENCY_WAIT_MS, then 503 + Retry-After: "not yet", never a 409 about a state it has not
 *    seen). This service's own events need no wait (commands read the log; read models follow each
 *    command at once); those of services it does not hear are carried on untouched.
 *  - the response's token is the request's, plus the case's last published event of each command
 *    it ran — or, for a read of one case, of the case's stream here — so a caller that sends each
 *    answer's token with its next request never sees the pipeline out of order.
 */
@Injectable()
export class ConsistencyInterceptor implements NestInterceptor {
  private readonly service: ServiceName;
  private readonly hears: ReadonlySet<string>;
  private runner: CommandRunner<never> | null | undefined;

  constructor(
    private readonly config: ServiceConfig,
    private readonly moduleRef: ModuleRef,
    @Optional() @Inject(HeardPositions) private readonly heard?: HeardPositions,
  ) {
    this.service = config.SERVICE_NAME as ServiceName;
    this.hears = new Set(serviceDeclaration(this.service).hears);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const header = request.header(CONSISTENCY_HEADER);
    const parsed = parseConsistencyToken(header ?? '');
    if (!parsed.ok) throw new InvalidRequest([{ header: CONSISTENCY_HEADER, detail: parsed.problem }]);
    const written: ConsistencyPart[] = [];
    return defer(() => this.waitFor(parsed.parts)).pipe(
      switchMap(
        () =>
          new Observable<unknown>((subscriber) =>
            collectingWrites(written, () => next.handle().subscribe(subscriber)),
          ),
      ),
      concatMap(async (body: unknown) => {
        const caseId = request.params['caseId'];
        const read =
          request.method === 'GET' && typeof caseId === 'string' ? await this.caseRead(caseId) : [];
        const token = mergeConsistency(parsed.parts, written, read);
        if (token.length > 0 && !response.headersSent)
          response.setHeader(CONSISTENCY_HEADER, formatConsistencyToken(token));
        return body;
      }),
    );
  }

  private async waitFor(parts: readonly ConsistencyPart[]): Promise<void> {
    const heard = this.heard;
    let missing = parts.filter((part) => this.hears.has(part.service));
    if (missing.length === 0 || !heard) return;
    const deadline = Date.now() + this.config.CONSISTENCY_WAIT_MS;
    for (;;) {
      missing = await heard.missing(missing);
      if (missing.length === 0) return;
      if (Date.now() >= deadline) break;
      await sleep(POLL_MS);
    }
    throw new ServiceUnavailableException({
      message: `Not yet: ${this.service} has not heard ${missing.map((part) => `${part.service}'s events of case ${part.caseId}`).join(', ')} up to the positions in ${CONSISTENCY_HEADER}; send the request again after Retry-After.`,
      code: 'NOT_YET_CONSISTENT',
    });
  }

  /**
   * For a read of one case: the case's last published event here, and what this service has heard
   * of the case from the others. A status intake shows because screening decided carries
   * screening's event on, so consent, asked next with that token, waits until it has heard the
   * decision too, instead of answering that it knows no such case.
   */
  private async caseRead(caseId: string): Promise<ConsistencyPart[]> {
    if (!/^[0-9a-fA-F-]{36}$/.test(caseId)) return [];
    if (this.runner === undefined) {
      try {
        this.runner = this.moduleRef.get(CommandRunner, { strict: false });
      } catch {
        this.runner = null;
      }
    }
    const [own, heard] = await Promise.all([
      this.runner?.publishedPosition(caseId),
      this.heard?.ofCase(caseId) ?? [],
    ]);
    return [...(own ? [own] : []), ...heard];
  }
}
