import { Injectable } from '@nestjs/common';
import type { Principal } from '@accord/platform';
import { FollowUpCommands } from '../follow-up-commands';
import { requestMetadata } from '../follow-up.stream';
import type { CloseCaseRequest } from './close-case.request.dto';

@Injectable()
export class CloseCaseHandler {
  constructor(private readonly commands: FollowUpCommands) {}

  async handle(caseId: string, request: CloseCaseRequest, principal: Principal) {
    const now = new Date().toISOString();
    const result = await this.commands.execute(
      {
        type: 'CloseCase',
        caseId,
        outcome: request.outcome,
        reason: request.reason,
        actor: { id: principal.sub, agency: principal.agency },
        now,
      },
      { metadata: requestMetadata(principal, now, request.reason) },
    );
    return result.newEvents.find((event) => event.type === 'CaseClosed')?.data;
  }
}
