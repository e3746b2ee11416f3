import { randomUUID } from 'node:crypto';
import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  ValidationPipe,
  type ArgumentMetadata,
  type ExceptionFilter,
  type ValidationError,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { throwError, type Observable } from 'rxjs';
import { DomainError, type DomainErrorKind } from '@accord/contracts';
import { WrongExpectedVersion } from '@accord/event-store';
import { currentCorrelationId } from '../logging/logger';
import { isTransientFailure } from '../projections/parked-events';
import { InvalidRequest, problem, sendProblem, type FieldError, type Problem } from './problem';
import { bodyParserError, unstorableStrings } from './request-body';

const DOMAIN_STATUS: Record<DomainErrorKind, number> = {
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  forbidden: HttpStatus.FORBIDDEN,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
};

/** Where a validated value came from, as Nest's pipes see it. */
export type ValueSource = ArgumentMetadata['type'];

/**
 * One field error per broken rule: a JSON pointer into the body (`/people/harmed/0/dateOfBirth`),
 * or the query or path parameter (`pageSize`).
 */
export function fieldErrors(
  errors: readonly ValidationError[],
  source: ValueSource = 'body',
  parent: readonly string[] = [],
): FieldError[] {
  return errors.flatMap((error) => {
    const path = [...parent, error.property];
    const where =
      source === 'query' || source === 'param'
        ? { parameter: path.join('.') }
        : { pointer: `/${path.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}` };
    const own = Object.values(error.constraints ?? {}).map((detail) => ({ detail, ...where }));
    return [...own, ...fieldErrors(error.children ?? [], source, path)];
  });
}

class ValidationFailed extends Error {
  constructor(readonly errors: readonly ValidationError[]) {
    super('validation failed');
  }
}

/** Validates request DTOs; every invalid field is reported at once in a 400, body or query alike. */
class RequestValidationPipe extends ValidationPipe {
  /**
   * A parameter typed by a type-only import (`type ReferralAcceptedV1`) has no class at run time:
   * tsc records its type as `Function` (SWC, which `npm start` uses, as `Object`). There is nothing
   * to validate against — validating against `Function` would refuse every field — so it passes,
   * as `Object` does; Kafka payloads are checked against their contract by the transport.
   */
  protected override toValidate(metadata: ArgumentMetadata): boolean {
    return metadata.metatype !== Function && super.toValidate(metadata);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      const unstorable = unstorableStrings(value);
      if (unstorable.length > 0) throw new InvalidRequest(unstorable);
    }
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof ValidationFailed)
        throw new InvalidRequest(fieldErrors(error.errors, metadata.type));
      throw error;
    }
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationFailed(errors),
  });
}

function clientStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status =
    (error as { status?: unknown; statusCode?: unknown }).status ??
    (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

type Described = Omit<Parameters<typeof problem>[0], 'instance' | 'correlationId'>;

function fromHttpException(error: HttpException): Described {
  const status = error.getStatus();
  const body = error.getResponse();
  if (typeof body === 'string') return { status, detail: body };
  const { message, code, details, errors, service } = body as {
    message?: unknown;
    code?: unknown;
    details?: Record<string, unknown>;
    errors?: FieldError[];
    service?: unknown;
  };
  return {
    status,
    detail: Array.isArray(message) ? message.join('; ') : String(message ?? error.message),
    ...(typeof code === 'string' ? { code } : {}),
    ...(details ? { details } : {}),
    ...(errors ? { errors } : {}),
    ...(typeof service === 'string' ? { service } : {}),
  };
}

/**
 * Every error as the caller should read it. Anything a client sent wrong is a 4xx that says what
 * to fix (including malformed JSON and oversized bodies from the body parser); only our own
 * faults are 500s, and those are logged with the correlation id the caller can quote.
 */
export function describeError(error: unknown, logger: Logger): Described {
  // body-parser's errors carry the raw input; what they say is rewritten so none of it goes back.
  const refused = bodyParserError(error);
  if (refused) return refused;
  if (error instanceof HttpException) return fromHttpException(error);
  if (error instanceof DomainError) {
    return {
      status: DOMAIN_STATUS[error.kind],
      detail: error.message,
      code: error.code,
      ...(error.details ? { details: error.details as Record<string, unknown> } : {}),
    };
  }
  if (error instanceof WrongExpectedVersion) {
    return {
      status: HttpStatus.CONFLICT,
      code: 'CONCURRENT_CHANGE',
      detail: 'The case changed while this request was being decided; read it again and retry.',
      details: { stream: error.streamId, expectedVersion: error.expected, actualVersion: error.actual },
    };
  }
  if (isTransientFailure(error)) {
    // The database is restarting or unreachable: nothing is wrong with the request; send it again.
    logger.warn(`dependency unavailable: ${(error as Error).message}`);
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      code: 'DEPENDENCY_UNAVAILABLE',
      detail: "The service's database is unavailable right now; send the request again after Retry-After.",
    };
  }
  const clientStatus = clientStatusOf(error);
  if (clientStatus !== undefined) {
    return { status: clientStatus, detail: (error as Error).message };
  }
  logger.error(error instanceof Error ? error : new Error(String(error)));
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    detail: 'Something went wrong on our side; quote the correlation id when you report it.',
  };
}

/** The request's correlation id, also for errors raised before the correlation middleware ran. */
export function correlationIdOf(response: Response): string {
  const correlationId = String(
    response.getHeader('x-correlation-id') ?? currentCorrelationId() ?? randomUUID(),
  );
  if (!response.headersSent) response.setHeader('x-correlation-id', correlationId);
  return correlationId;
}

/** A problem about this request: its path and correlation id filled in. */
export function problemFor(request: Request, response: Response, described: Described): Problem {
  return problem({
    ...described,
    instance: request.originalUrl.split('?')[0] ?? request.path,
    correlationId: correlationIdOf(response),
  });
}

/** One place that turns errors into RFC 9457 problem responses, in every service and the gateway. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void | Observable<never> {
    // Inherited by the Kafka side of the hybrid app: there, errors go on to retry and dead-letter handling.
    if (host.getType() !== 'http') return throwError(() => error);
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const body = problemFor(http.getRequest<Request>(), response, describeError(error, this.logger));
    if (body.status === HttpStatus.SERVICE_UNAVAILABLE && !response.getHeader('retry-after'))
      response.setHeader('retry-after', '1');
    sendProblem(response, body);
  }
}
