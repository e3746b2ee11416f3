import { Injectable } from '@nestjs/common';
import type { conferenceDecider } from '@accord/conferencing-domain';
import { CommandRunner, requestMetadata, type Principal } from '@accord/platform';
import type { CancelConferenceRequest } from './cancel-conference.request.dto';

@Injectable()
export class CancelConferenceHandler {
  constructor(private readonly runner: CommandRunner<typeof conferenceDecider>) {}

  async handle(caseId: string, request: CancelConferenceRequest, principal: Principal) {
    const metadata = requestMetadata(principal, { reason: request.reason });
    await this.runner.run({ type: 'CancelConference', data: { caseId, reason: request.reason }, metadata });
    return { caseId, cancelledAt: metadata.now };
  }
}
