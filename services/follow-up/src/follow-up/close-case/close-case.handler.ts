import { Injectable } from '@nestjs/common';
import type { followUpDecider } from '@accord/follow-up-domain';
import { CommandRunner, requestMetadata, type Principal } from '@accord/platform';
import type { CloseCaseRequest } from './close-case.request.dto';

@Injectable()
export class CloseCaseHandler {
  constructor(private readonly runner: CommandRunner<typeof followUpDecider>) {}

  async handle(caseId: string, request: CloseCaseRequest, principal: Principal) {
    const result = await this.runner.run({
      type: 'CloseCase',
      data: { caseId, outcome: request.outcome, reason: request.reason },
      metadata: requestMetadata(principal, { reason: request.reason }),
    });
    return result.newEvents.find((event) => event.type === 'CaseClosed')?.data;
  }
}
