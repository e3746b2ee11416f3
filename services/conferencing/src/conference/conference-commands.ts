import { Injectable } from '@nestjs/common';
import { handleCommand, InjectEventStore, type EventMetadata, type EventStore } from '@accord/event-store';
import { conferenceDecider, type ConferenceCommand, type ConferenceEvent } from '@accord/conferencing-domain';
import { conferenceStream } from './conference.stream';

/** Load, fold, decide, append with the expected version: the four steps every HTTP use case shares. */
@Injectable()
export class ConferenceCommands {
  constructor(@InjectEventStore() private readonly store: EventStore) {}

  async execute(command: ConferenceCommand, metadata: EventMetadata): Promise<readonly ConferenceEvent[]> {
    const result = await handleCommand(
      this.store,
      conferenceStream(command.caseId),
      conferenceDecider,
      command,
      { metadata },
    );
    return result.newEvents;
  }
}
