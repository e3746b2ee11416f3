import { Injectable } from '@nestjs/common';
import { CommandRunner, requestMetadata, type Principal } from '@accord/platform';
import type { screeningDecider } from '@accord/screening-domain';
import type { RecordManualDecisionRequest } from './record-manual-decision.request.dto';
import type { ManualDecisionResponse } from './record-manual-decision.response.dto';

@Injectable()
export class RecordManualDecisionHandler {
  constructor(private readonly runner: CommandRunner<typeof screeningDecider>) {}

  async handle(
    caseId: string,
    { outcome, reason }: RecordManualDecisionRequest,
    principal: Principal,
  ): Promise<ManualDecisionResponse> {
    const result = await this.runner.run({
      type: 'RecordManualDecision',
      data: { caseId, outcome, reason },
      metadata: requestMetadata(principal, { reason }),
    });
    if (result.state.status !== 'decided')
      throw new Error(`case ${caseId} has no decision after a manual decision was appended`);
    const { current } = result.state;
    return {
      caseId,
      outcome: current.outcome,
      ruleSetVersion: current.ruleSetVersion,
      decidedBy: current.decidedBy,
      decidedAt: current.decidedAt,
      reason,
      ...(current.overrides ? { overrides: current.overrides } : {}),
    };
  }
}
