import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '@accord/platform';
import { ConferenceCommands } from '../conference-commands';
import { actorOf, requestMetadata } from '../conference.stream';
import type { RecordOutcomeRequest } from './record-outcome.request.dto';

@Injectable()
export class RecordOutcomeHandler {
  constructor(private readonly commands: ConferenceCommands) {}

  async handle(caseId: string, request: RecordOutcomeRequest, principal: Principal) {
    const now = new Date().toISOString();
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
    const events = await this.commands.execute(
      { type: 'RecordOutcome', caseId, outcome, actor: actorOf(principal), now },
      requestMetadata(principal, now, request.result === 'no-agreement' ? request.reason : undefined),
    );
    const [event] = events;
    return {
      caseId,
      result: request.result,
      ...(event?.type === 'AgreementReached'
        ? { actions: event.data.actions, heldAt: event.data.heldAt }
        : {}),
    };
  }
}
