import { Injectable } from '@nestjs/common';
import type { Principal } from '@accord/platform';
import { asCandidate, FacilitatorDirectory } from '../../facilitators/facilitator-directory';
import { ConferenceCommands } from '../conference-commands';
import { actorOf, requestMetadata } from '../conference.stream';
import type { AssignFacilitatorRequest } from './assign-facilitator.request.dto';

/** A case-worker assigns or reassigns a facilitator: the same suitability checks as automatic assignment. */
@Injectable()
export class AssignFacilitatorHandler {
  constructor(
    private readonly commands: ConferenceCommands,
    private readonly directory: FacilitatorDirectory,
  ) {}

  async handle(caseId: string, request: AssignFacilitatorRequest, principal: Principal) {
    const facilitator = await this.directory.byId(request.facilitatorId);
    const now = new Date().toISOString();
    const events = await this.commands.execute(
      {
        type: 'AssignFacilitator',
        caseId,
        facilitatorId: request.facilitatorId,
        facilitator: facilitator ? asCandidate(facilitator) : null,
        reason: request.reason,
        actor: actorOf(principal),
        now,
      },
      requestMetadata(principal, now, request.reason),
    );
    return {
      caseId,
      assigned: events.flatMap((event) => (event.type === 'FacilitatorAssigned' ? [event.data] : []))[0],
    };
  }
}
