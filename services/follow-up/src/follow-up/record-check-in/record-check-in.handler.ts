import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '@accord/platform';
import { FollowUpCommands } from '../follow-up-commands';
import { requestMetadata } from '../follow-up.stream';
import type { RecordCheckInRequest } from './record-check-in.request.dto';

@Injectable()
export class RecordCheckInHandler {
  constructor(private readonly commands: FollowUpCommands) {}

  async handle(caseId: string, request: RecordCheckInRequest, principal: Principal) {
    const now = new Date().toISOString();
    const result = await this.commands.execute(
      {
        type: 'RecordCheckIn',
        caseId,
        checkInId: request.checkInId,
        extraCheckInId: randomUUID(),
        personId: request.personId,
        satisfaction: request.satisfaction,
        feelingOfSafety: request.feelingOfSafety,
        wellbeingChange: request.wellbeingChange,
        notes: request.notes,
        actor: { id: principal.sub, agency: principal.agency },
        now,
      },
      { metadata: requestMetadata(principal, now) },
    );
    const recorded = result.newEvents.find((event) => event.type === 'CheckInRecorded');
    const closed = result.newEvents.find((event) => event.type === 'CaseClosed');
    return { ...recorded?.data, ...(closed ? { caseClosed: closed.data } : {}) };
  }
}
