import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@accord/event-store';
import type { Projection } from '@accord/platform';
import type { ConferenceEvent } from '@accord/conferencing-domain';
import { CONFERENCE_STREAM_PREFIX } from '../conference.stream';
import { CaseConferenceEntity } from './case-conference.entity';
import { nextView } from './case-conference.view';

export const caseConferenceProjection: Projection = {
  name: 'conferencing.case-conferences.v1',
  streamPrefix: CONFERENCE_STREAM_PREFIX,
  tables: [{ name: 'case_conferences' }],
  async apply(event: RecordedEvent, manager: EntityManager): Promise<void> {
    const repository = manager.getRepository(CaseConferenceEntity);
    const caseId = (event.data as { caseId?: unknown }).caseId;
    if (typeof caseId !== 'string') return;
    const row = await repository.findOne({ where: { caseId }, lock: { mode: 'pessimistic_write' } });
    if (row && row.version >= event.streamVersion) return;
    const view = nextView(
      row,
      { type: event.type, data: event.data } as unknown as ConferenceEvent,
      event.streamVersion,
      new Date(event.recordedAt),
    );
    if (view) await repository.save(repository.create(view));
  },
};
