import { Injectable } from '@nestjs/common';
import type { conferenceDecider } from '@accord/conferencing-domain';
import { CommandRunner, requestMetadata, type Principal } from '@accord/platform';
import { asCandidate, FacilitatorDirectory } from '../../facilitators/facilitator-directory';
import type { AssignFacilitatorRequest } from './assign-facilitator.request.dto';

/** A case-worker assigns or reassigns a facilitator: the same suitability checks as automatic assignment. */
@Injectable()
export class AssignFacilitatorHandler {
  constructor(
    private readonly runner: CommandRunner<typeof conferenceDecider>,
    private readonly directory: FacilitatorDirectory,
  ) {}

  async handle(caseId: string, request: AssignFacilitatorRequest, principal: Principal) {
    // The caller's own service's roster: another service's facilitator of the same id is not theirs.
    const facilitator = await this.directory.byId(principal.agency, request.facilitatorId);
    const { newEvents } = await this.runner.run({
      type: 'AssignFacilitator',
      data: {
        caseId,
        facilitatorId: request.facilitatorId,
        facilitator: facilitator ? asCandidate(facilitator) : null,
        reason: request.reason,
      },
      metadata: requestMetadata(principal, { reason: request.reason }),
    });
    return {
      caseId,
      assigned: newEvents.flatMap((event) => (event.type === 'FacilitatorAssigned' ? [event.data] : []))[0],
    };
  }
}
