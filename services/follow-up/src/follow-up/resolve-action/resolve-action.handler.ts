import { Injectable } from '@nestjs/common';
import type { Principal } from '@accord/platform';
import { FollowUpCommands } from '../follow-up-commands';
import { requestMetadata } from '../follow-up.stream';
import type { ResolveActionRequest } from './resolve-action.request.dto';

@Injectable()
export class ResolveActionHandler {
  constructor(private readonly commands: FollowUpCommands) {}

  async handle(caseId: string, actionId: string, request: ResolveActionRequest, principal: Principal) {
    const now = new Date().toISOString();
    const result = await this.commands.execute(
      {
        type: 'ResolveAction',
        caseId,
        actionId,
        result: request.result,
        actor: { id: principal.sub, agency: principal.agency },
        now,
      },
      { metadata: requestMetadata(principal, now) },
    );
    const closed = result.newEvents.find((event) => event.type === 'CaseClosed');
    return {
      caseId,
      actionId,
      result: request.result,
      resolvedAt: now,
      ...(closed ? { caseClosed: closed.data } : {}),
    };
  }
}
