import { BadRequestException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import type { Response } from 'express';

/** The media type of every error Accord answers with (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/**
 * One thing wrong with the request: `pointer` (RFC 6901, into the JSON body), `parameter` (query or
 * path) or `header` names where, `detail` says what to send instead.
 */
export class FieldError {
  @JSONSchema({ example: 'riskLevel must be one of: low, medium, high' })
  @IsString()
  readonly detail!: string;

  @JSONSchema({ description: 'JSON Pointer (RFC 6901) into the request body.', example: '/riskLevel' })
  @IsOptional()
  @IsString()
  readonly pointer?: string;

  @JSONSchema({ description: 'The query or path parameter.', example: 'pageSize' })
  @IsOptional()
  @IsString()
  readonly parameter?: string;

  @JSONSchema({ description: 'The request header.', example: 'Idempotency-Key' })
  @IsOptional()
  @IsString()
  readonly header?: string;
}

/** Every error Accord answers: an RFC 9457 problem with Accord's extension members. */
@JSONSchema({
  description:
    'RFC 9457 problem details, sent as `application/problem+json` by every service and the gateway.',
})
export class Problem {
  @JSONSchema({
    description:
      '`urn:accord:problem:<code>` (the `code` in kebab case) for a problem with a reason code, otherwise `about:blank`.',
    example: 'urn:accord:problem:case-halted',
  })
  @IsString()
  readonly type!: string;

  @JSONSchema({ description: 'The HTTP status phrase.', example: 'Conflict' })
  @IsString()
  readonly title!: string;

  @JSONSchema({ example: 409 })
  @IsInt()
  readonly status!: number;

  @JSONSchema({
    description: 'What went wrong and what to do about it, for a person.',
    example: 'The case was halted (consent withdrawn); nothing more can be recorded on it.',
  })
  @IsString()
  readonly detail!: string;

  @JSONSchema({
    description: 'The request path the problem is about.',
    example: '/api/cases/0b6c…/conference',
  })
  @IsString()
  readonly instance!: string;

  @JSONSchema({
    description: 'Quote it when reporting a problem: every log line of the request carries it.',
    example: '3f2c9a1e-5b7d-4f8e-9c0a-1d2e3f4a5b6c',
  })
  @IsString()
  readonly correlationId!: string;

  @JSONSchema({
    description: "Machine-readable reason (domain problems and the gateway's own).",
    example: 'CASE_HALTED',
  })
  @IsOptional()
  @IsString()
  readonly code?: string;

  @JSONSchema({
    description: 'Facts that go with the code, e.g. which versions disagreed.',
    additionalProperties: true,
    example: { expectedVersion: 3, actualVersion: 4 },
  })
  @IsOptional()
  @IsObject()
  readonly details?: Readonly<Record<string, unknown>>;

  @JSONSchema({ description: '400 only: every field error at once.' })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => FieldError)
  readonly errors?: readonly FieldError[];

  @JSONSchema({ description: 'The gateway: which service could not answer.', example: 'screening' })
  @IsOptional()
  @IsString()
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
