import { applyDecorators, Get, type Type } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ReadsPersonalData } from '../access-log/personal-data-read';
import { ApiOkResponseAnyOf, ApiProblems } from '../openapi/openapi-document';

/** One read of a case's record in a service, answered per agency: the detail or the summary. */
export interface CaseViewRoute {
  readonly summary: string;
  readonly description: string;
  /** Who gets which of `responses`, for an integrator. */
  readonly responseDescription: string;
  /** The bodies it may answer with (the summary first, then the detail). */
  readonly responses: readonly Type<unknown>[];
}

/**
 * The decorators every per-agency case read carries, in one place: its documentation, the 404 an
 * agency gets for a case it may not see (the same as for one that does not exist), the bodies it
 * answers with, the GET route and the access log's record that personal data was read.
 */
export const CaseView = (route: CaseViewRoute): MethodDecorator =>
  applyDecorators(
    ApiOperation({ summary: route.summary, description: route.description }),
    ApiProblems(404),
    ApiOkResponseAnyOf(route.responseDescription, ...route.responses),
    Get(),
    ReadsPersonalData(),
  );
