import type { Principal } from '@accord/platform';
import type { AccessLog } from '../access-log/access-log';
import { caseNotFound } from '../case/case-access';
import type { CaseReader } from '../case/case-reader';
import { caseStateOf, type CaseState } from './case-state';

export const STATE_ENDPOINT = 'GET /api/cases/:caseId/state';

export interface CaseStateResult {
  readonly caseId: string;
  readonly asOf: string;
  readonly services: CaseState;
}

/**
 * The case as every service saw it at a moment, rebuilt by replaying each stream up to then through
 * the service's own decider.
 */
export class CaseStateQuery {
  constructor(
    private readonly reader: CaseReader,
    private readonly accessLog: AccessLog,
  ) {}

  async stateAsOf(request: {
    readonly caseId: string;
    readonly asOf: Date;
    readonly principal: Principal;
    readonly correlationId: string | null;
    readonly endpoint?: string;
  }): Promise<CaseStateResult> {
    const { caseId, asOf, principal } = request;
    if (!(await this.reader.exists(caseId))) throw caseNotFound(caseId);
    await this.accessLog.record({
      caseId,
      principal,
      endpoint: request.endpoint ?? STATE_ENDPOINT,
      correlationId: request.correlationId,
    });
    const streams = await this.reader.streams(caseId, asOf);
    return { caseId, asOf: asOf.toISOString(), services: caseStateOf(streams) };
  }
}
