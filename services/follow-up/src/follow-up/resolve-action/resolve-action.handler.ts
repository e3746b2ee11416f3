import { Injectable } from '@nestjs/common';
import type { followUpDecider } from '@accord/follow-up-domain';
import { CommandRunner, requestMetadata, type Principal } from '@accord/platform';
import type { ResolveActionRequest } from './resolve-action.request.dto';

@Injectable()
export class ResolveActionHandler {
  constructor(private readonly runner: CommandRunner<typeof followUpDecider>) {}

  async handle(caseId: string, actionId: string, request: ResolveActionRequest, principal: Principal) {
    const metadata = requestMetadata(principal);
    const result = await this.runner.run({
      type: 'ResolveAction',
      data: { caseId, actionId, result: request.result },
      metadata,
    });
    const closed = result.newEvents.find((event) => event.type === 'CaseClosed');
    return {
      caseId,
      actionId,
      result: request.result,
      resolvedAt: metadata.now,
      ...(closed ? { caseClosed: closed.data } : {}),
    };
  }
}
