import { applyDecorators, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, type Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Roles } from '../auth/auth.guard';
import type { Role } from '@accord/contracts';
import { ApiProblems, type DeclaredProblem } from '../openapi/openapi-document';

/** One command endpoint on a case: what an integrator reads about it, who may call it, and what it answers. */
export interface CaseCommandRoute {
  readonly summary: string;
  readonly description: string;
  /** The roles that may send it; every other role gets 403. */
  readonly roles: readonly Role[];
  /** The success body's class (its schema is documented). */
  readonly response: Type<unknown>;
  /** What the success body tells the caller, for an integrator. */
  readonly responseDescription: string;
  /** 201 when the command records something new, 200 when it changes what is there. */
  readonly created: boolean;
  /** The path below the controller's, when the controller holds more than one command. */
  readonly path?: string;
  /** Problems besides the shared ones; a case command answers 404, 409 and 422 unless it says otherwise. */
  readonly problems?: readonly DeclaredProblem[];
}

/**
 * The decorators every case command carries, in one place: the operation's documentation, its
 * problems, its success response, the POST route, the status and the roles it allows.
 */
export const CaseCommand = (route: CaseCommandRoute): MethodDecorator => {
  const documented = { type: route.response, description: route.responseDescription };
  return applyDecorators(
    ApiOperation({ summary: route.summary, description: route.description }),
    ApiProblems(...(route.problems ?? [404, 409, 422])),
    route.created ? ApiCreatedResponse(documented) : ApiOkResponse(documented),
    Post(route.path),
    HttpCode(route.created ? HttpStatus.CREATED : HttpStatus.OK),
    Roles(...route.roles),
  );
};

/**
 * A path parameter holding a UUID (a case's or an action's id). Something that is not a UUID names
 * no resource, so it is answered as one that does not exist: 404, like a case this agency may not see.
 */
export const UuidParam = (name = 'caseId'): ParameterDecorator =>
  Param(name, new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND }));
