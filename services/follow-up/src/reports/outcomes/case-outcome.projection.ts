import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@accord/event-store';
import type { Projection } from '@accord/platform';
import type { FollowUpEvent } from '@accord/follow-up-domain';
import { FOLLOW_UP_STREAM_PREFIX } from '../../follow-up/follow-up.stream';
import { CaseOutcomeEntity } from './case-outcome.entity';
import { nextOutcomeView } from './case-outcome.view';

export const caseOutcomeProjection: Projection = {
  name: 'follow-up.case-outcomes.v1',
  streamPrefix: FOLLOW_UP_STREAM_PREFIX,
  tables: [{ name: 'case_outcomes' }],
  async apply(event: RecordedEvent, manager: EntityManager): Promise<void> {
    const repository = manager.getRepository(CaseOutcomeEntity);
    const caseId = (event.data as { caseId?: unknown }).caseId;
    if (typeof caseId !== 'string') return;
    const row = await repository.findOne({ where: { caseId }, lock: { mode: 'pessimistic_write' } });
    if (row && row.version >= event.streamVersion) return;
    const view = nextOutcomeView(
      row,
      { type: event.type, data: event.data } as unknown as FollowUpEvent,
      event.streamVersion,
      new Date(event.recordedAt),
    );
    await repository.save(repository.create(view));
  },
};
