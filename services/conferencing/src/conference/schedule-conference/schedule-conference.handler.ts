import { Injectable } from '@nestjs/common';
import type { Principal } from '@accord/platform';
import { ConferenceCommands } from '../conference-commands';
import { actorOf, requestMetadata } from '../conference.stream';
import type { ScheduleConferenceRequest } from './schedule-conference.request.dto';

@Injectable()
export class ScheduleConferenceHandler {
  constructor(private readonly commands: ConferenceCommands) {}

  async handle(caseId: string, request: ScheduleConferenceRequest, principal: Principal) {
    const now = new Date().toISOString();
    const events = await this.commands.execute(
      {
        type: 'ScheduleConference',
        caseId,
        mode: request.mode,
        // Normalised, so every reader compares the same instant format.
        at: new Date(request.at).toISOString(),
        where: request.where,
        participants: request.participants,
        ...(request.safetyPlan !== undefined ? { safetyPlan: request.safetyPlan } : {}),
        actor: actorOf(principal),
        now,
      },
      requestMetadata(principal, now),
    );
    const scheduled = events.find((event) => event.type === 'ConferenceScheduled');
    return {
      caseId,
      conference: scheduled?.data,
      safetyPlanRecorded: events.some((event) => event.type === 'SafetyPlanRecorded'),
    };
  }
}
