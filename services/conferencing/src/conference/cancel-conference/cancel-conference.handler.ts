import { Injectable } from '@nestjs/common';
import type { Principal } from '@accord/platform';
import { ConferenceCommands } from '../conference-commands';
import { actorOf, requestMetadata } from '../conference.stream';
import type { CancelConferenceRequest } from './cancel-conference.request.dto';

@Injectable()
export class CancelConferenceHandler {
  constructor(private readonly commands: ConferenceCommands) {}

  async handle(caseId: string, request: CancelConferenceRequest, principal: Principal) {
    const now = new Date().toISOString();
    await this.commands.execute(
      { type: 'CancelConference', caseId, reason: request.reason, actor: actorOf(principal), now },
      requestMetadata(principal, now, request.reason),
    );
    return { caseId, cancelledAt: now };
  }
}
