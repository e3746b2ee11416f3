import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { conferenceDecider } from '@accord/conferencing-domain';
import { CommandRunner, requestMetadata, type Principal } from '@accord/platform';
import type { RecordOutcomeRequest } from './record-outcome.request.dto';

@Injectable()
export class RecordOutcomeHandler {
  constructor(private readonly runner: CommandRunner<typeof conferenceDecider>) {}

  async handle(caseId: string, request: RecordOutcomeRequest, principal: Principal) {
    const outcome =
      request.result === 'agreement'
        ? {
            result: 'agreement' as const,
            // Ids are given here, outside the pure decider; follow-up tracks each action by its id.
            actions: (request.actions ?? []).map((action) => ({
              actionId: randomUUID(),
              kind: action.kind,
              what: action.what,
              by: action.by,
              dueBy: new Date(action.dueBy).toISOString(),
            })),
          }
        : { result: 'no-agreement' as const, reason: request.reason };
    const { newEvents } = await this.runner.run({
      type: 'RecordOutcome',
      data: { caseId, outcome },
      metadata: requestMetadata(principal, {
        reason: request.result === 'no-agreement' ? request.reason : undefined,
      }),
    });
    const [event] = newEvents;
    return {
      caseId,
      result: request.result,
      ...(event?.type === 'AgreementReached'
        ? { actions: event.data.actions, heldAt: event.data.heldAt }
        : {}),
    };
  }
}
