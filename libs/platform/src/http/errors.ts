import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  ValidationPipe,
  type ExceptionFilter,
  type ValidationError,
} from '@nestjs/common';
import type { Response } from 'express';
import { throwError, type Observable } from 'rxjs';
import { DomainError, type DomainErrorKind } from '@accord/contracts';
import { WrongExpectedVersion } from '@accord/event-store';
import { currentCorrelationId } from '../logging/logger';
import { isTransientFailure } from '../projections/parked-events';

/** Seconds a client is asked to wait when a dependency is down (503 + Retry-After). */
export const DEPENDENCY_RETRY_AFTER_S = 2;

const DOMAIN_STATUS: Record<DomainErrorKind, number> = {
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  forbidden: HttpStatus.FORBIDDEN,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
};

export interface FieldProblem {
  /** Path of the field in the request body, e.g. `people.harmed[0].dateOfBirth`. */
  readonly field: string;
  readonly problems: readonly string[];
}

/** Flattens nested class-validator errors into one entry per field path. */
export function fieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const own: FieldProblem[] = error.constraints
      ? [{ field, problems: Object.values(error.constraints) }]
      : [];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** Validates request DTOs; every invalid field is reported at once in a 400. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) =>
      new BadRequestException({
        statusCode: HttpStatus.BAD_REQUEST,
        error: 'Bad Request',
        message: 'The request has invalid fields; see `errors`.',
        errors: fieldProblems(errors),
      }),
  });
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status =
    (error as { status?: unknown; statusCode?: unknown }).status ??
    (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * One place that turns errors into responses. Anything a client sent wrong is a 4xx that says
 * what to fix (including malformed JSON and oversized bodies from the body parser); only our
 * own faults are 500s, and those are logged with the correlation id the caller can quote.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void | Observable<never> {
    // Inherited by the Kafka side of the hybrid app: there, errors go on to retry and dead-letter handling.
    if (host.getType() !== 'http') return throwError(() => error);
    const response = host.switchToHttp().getResponse<Response>();
    const correlationId = currentCorrelationId();
    if (error instanceof HttpException) {
      const body = error.getResponse();
      response
        .status(error.getStatus())
        .json(
          typeof body === 'string'
            ? { statusCode: error.getStatus(), message: body, correlationId }
            : { ...body, correlationId },
        );
      return;
    }
    if (error instanceof DomainError) {
      const status = DOMAIN_STATUS[error.kind];
      response.status(status).json({
        statusCode: status,
        code: error.code,
        message: error.message,
        details: error.details,
        correlationId,
      });
      return;
    }
    if (error instanceof WrongExpectedVersion) {
      response.status(HttpStatus.CONFLICT).json({
        statusCode: HttpStatus.CONFLICT,
        code: 'CONCURRENT_CHANGE',
        message: 'The case changed while this request was being decided; read it again and retry.',
        details: { stream: error.streamId, expectedVersion: error.expected, actualVersion: error.actual },
        correlationId,
      });
      return;
    }
    if (isTransientFailure(error)) {
      // The database is restarting or unreachable: nothing is wrong with the request; it can be sent again.
      this.logger.warn(`dependency unavailable: ${(error as Error).message}`);
      response
        .status(HttpStatus.SERVICE_UNAVAILABLE)
        .setHeader('Retry-After', String(DEPENDENCY_RETRY_AFTER_S))
        .json({
          statusCode: HttpStatus.SERVICE_UNAVAILABLE,
          message: `The service's database is unavailable right now; send the request again after ${DEPENDENCY_RETRY_AFTER_S} s.`,
          correlationId,
        });
      return;
    }
    const clientStatus = statusOf(error);
    if (clientStatus !== undefined) {
      const message =
        clientStatus === 400 && error instanceof SyntaxError
          ? `The body is not valid JSON: ${error.message}`
          : (error as Error).message;
      response.status(clientStatus).json({ statusCode: clientStatus, message, correlationId });
      return;
    }
    this.logger.error(error instanceof Error ? error : new Error(String(error)));
    response.status(HttpStatus.INTERNAL_SERVER_ERROR).json({
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      message: 'Something went wrong on our side; quote the correlation id when you report it.',
      correlationId,
    });
  }
}
