import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ScreeningOutcome } from '@accord/contracts';
import { handleCommand, InjectEventStore, type EventStore } from '@accord/event-store';
import { currentCorrelationId, type Principal } from '@accord/platform';
import { CaseScreeningProjection } from '../case-screening/case-screening.projection';
import { screeningDecider, type ManualOutcome, type RecordManualDecision } from '@accord/screening-domain';
import { screeningStream } from '../screening.stream';

export interface ManualDecisionResponse {
  readonly caseId: string;
  readonly outcome: ScreeningOutcome;
  readonly ruleSetVersion: string;
  readonly decidedBy: string;
  readonly decidedAt: string;
  readonly reason: string;
  readonly overrides?: ScreeningOutcome;
}

@Injectable()
export class RecordManualDecisionHandler {
  constructor(
    @InjectEventStore() private readonly store: EventStore,
    private readonly projection: CaseScreeningProjection,
  ) {}

  async handle(
    caseId: string,
    outcome: ManualOutcome,
    reason: string,
    principal: Principal,
  ): Promise<ManualDecisionResponse> {
    const now = new Date().toISOString();
    const command: RecordManualDecision = {
      type: 'RecordManualDecision',
      data: { caseId, outcome, reason, screener: principal.sub, agency: principal.agency, now },
    };
    const result = await handleCommand(this.store, screeningStream(caseId), screeningDecider, command, {
      metadata: {
        correlationId: currentCorrelationId() ?? randomUUID(),
        causationId: randomUUID(),
        actor: principal.sub,
        agency: principal.agency,
        reason,
        occurredAt: now,
      },
    });
    await this.projection.project(caseId);
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
