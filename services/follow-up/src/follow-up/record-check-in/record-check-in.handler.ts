import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { followUpDecider } from '@accord/follow-up-domain';
import { CommandRunner, requestMetadata, type Principal } from '@accord/platform';
import type { RecordCheckInRequest } from './record-check-in.request.dto';

@Injectable()
export class RecordCheckInHandler {
  constructor(private readonly runner: CommandRunner<typeof followUpDecider>) {}

  async handle(caseId: string, request: RecordCheckInRequest, principal: Principal) {
    const result = await this.runner.run({
      type: 'RecordCheckIn',
      data: {
        caseId,
        checkInId: request.checkInId,
        extraCheckInId: randomUUID(),
        personId: request.personId,
        satisfaction: request.satisfaction,
        feelingOfSafety: request.feelingOfSafety,
        wellbeingChange: request.wellbeingChange,
        notes: request.notes,
      },
      metadata: requestMetadata(principal),
    });
    const recorded = result.newEvents.find((event) => event.type === 'CheckInRecorded');
    const closed = result.newEvents.find((event) => event.type === 'CaseClosed');
    if (recorded?.type !== 'CheckInRecorded') throw new Error(`check-in on case ${caseId} recorded nothing`);
    return { ...recorded.data, ...(closed?.type === 'CaseClosed' ? { caseClosed: closed.data } : {}) };
  }
}
