import { Injectable } from '@nestjs/common';
import type { conferenceDecider } from '@accord/conferencing-domain';
import { CommandRunner, requestMetadata, type Principal } from '@accord/platform';
import type { ScheduleConferenceRequest } from './schedule-conference.request.dto';

@Injectable()
export class ScheduleConferenceHandler {
  constructor(private readonly runner: CommandRunner<typeof conferenceDecider>) {}

  async handle(caseId: string, request: ScheduleConferenceRequest, principal: Principal) {
    const { newEvents: events } = await this.runner.run({
      type: 'ScheduleConference',
      data: {
        caseId,
        mode: request.mode,
        // Normalised, so every reader compares the same instant format.
        at: new Date(request.at).toISOString(),
        where: request.where,
        participants: request.participants,
        ...(request.safetyPlan !== undefined ? { safetyPlan: request.safetyPlan } : {}),
      },
      metadata: requestMetadata(principal),
    });
    const scheduled = events.find((event) => event.type === 'ConferenceScheduled');
    return {
      caseId,
      conference: scheduled?.data,
      safetyPlanRecorded: events.some((event) => event.type === 'SafetyPlanRecorded'),
    };
  }
}
