import { Injectable } from '@nestjs/common';
import type { ConsentsCompleteV1 } from '@accord/contracts';
import type { CaseFile, conferenceDecider } from '@accord/conferencing-domain';
import type { KafkaEventContext } from '@accord/messaging';
import { CommandRunner, reactionMetadata } from '@accord/platform';
import { asCandidate, FacilitatorDirectory } from '../../facilitators/facilitator-directory';

export function caseFileOf(event: ConsentsCompleteV1): CaseFile {
  const { profile, requirements } = event;
  return {
    referringAgency: profile.referringAgency,
    receivingService: profile.receivingService,
    offenceCategory: profile.offenceCategory,
    riskLevel: profile.riskLevel,
    participants: profile.participants.map((p) => ({
      personId: p.personId,
      role: p.role,
      language: p.language,
    })),
    specialistFacilitator: requirements.specialistFacilitator,
    safetyPlanRequired: requirements.safetyPlanRequired,
  };
}

/** Every consent is in: open the case here and give it a facilitator (or say why none fits). */
@Injectable()
export class StartConferencingHandler {
  constructor(
    private readonly runner: CommandRunner<typeof conferenceDecider>,
    private readonly directory: FacilitatorDirectory,
  ) {}

  async handle(event: ConsentsCompleteV1, context: KafkaEventContext): Promise<void> {
    const file = caseFileOf(event);
    const facilitators = (await this.directory.ofService(file.receivingService)).map(asCandidate);
    // A halted case stays halted: the late message is acknowledged, not retried.
    await this.runner.run(
      {
        type: 'StartConferencing',
        data: { caseId: event.caseId, file, facilitators },
        metadata: reactionMetadata(context, 'conferencing'),
      },
      { acknowledgeConflict: true },
    );
  }
}
