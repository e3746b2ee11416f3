import { BadRequestException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';

/** The media type of every error Accord answers with (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/**
 * One thing wrong with the request: `pointer` (RFC 6901, into the JSON body), `parameter` (query or
 * path) or `header` names where, `detail` says what to send instead.
 */
export interface FieldError {
  readonly detail: string;
  readonly pointer?: string;
  readonly parameter?: string;
  readonly header?: string;
}

/** An RFC 9457 problem, with Accord's extension members. */
export interface Problem {
  /** `urn:accord:problem:<code>` for a problem with a reason code, otherwise `about:blank`. */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** The request path the problem is about. */
  readonly instance: string;
  /** Quote it when reporting a problem: every log line of the request carries it. */
  readonly correlationId: string;
  /** Machine-readable reason, e.g. `CASE_HALTED` (domain problems and the gateway's own). */
  readonly code?: string;
  /** Facts that go with the code, e.g. which versions disagreed. */
  readonly details?: Readonly<Record<string, unknown>>;
  /** 400: every field's problem at once. */
  readonly errors?: readonly FieldError[];
  /** The gateway: which service could not answer. */
  readonly service?: string;
}

/** What a problem is made from: `type` and `title` follow from `code` and `status`. */
export type ProblemInit = Omit<Problem, 'type' | 'title'>;

const kebab = (code: string): string => code.toLowerCase().replace(/_/g, '-');

/** The one place a problem body is made: every service and the gateway answer errors with it. */
export function problem(init: ProblemInit): Problem {
  const { status, detail, instance, correlationId, code, details, errors, service } = init;
  return {
    type: code ? `urn:accord:problem:${kebab(code)}` : 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    instance,
    correlationId,
    ...(code ? { code } : {}),
    ...(details && Object.keys(details).length > 0 ? { details } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
    ...(service ? { service } : {}),
  };
}

/** Writes a problem as `application/problem+json`. */
export function sendProblem(response: Response, body: Problem): void {
  response.status(body.status).type(PROBLEM_MEDIA_TYPE).send(JSON.stringify(body));
}

/** What a 400 says before its list of field errors. */
export const INVALID_REQUEST_DETAIL = 'The request has invalid fields; see `errors`.';

/** A 400 naming each field's problem; throw it from a pipe or a handler that checks what DTOs cannot. */
export class InvalidRequest extends BadRequestException {
  constructor(readonly errors: readonly FieldError[]) {
    super({ statusCode: HttpStatus.BAD_REQUEST, message: INVALID_REQUEST_DETAIL, errors });
  }
}
