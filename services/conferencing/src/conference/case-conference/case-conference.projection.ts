import type { ConferenceEvent } from '@accord/conferencing-domain';
import { caseRowProjection } from '@accord/platform';
import { CONFERENCE_STREAM_PREFIX } from '../conference.stream';
import { CaseConferenceEntity } from './case-conference.entity';
import { nextView } from './case-conference.view';

/** `conferencing.case_conferences`: where each case stands in conferencing (`nextView`). */
export const caseConferenceProjection = caseRowProjection<CaseConferenceEntity, ConferenceEvent>({
  name: 'conferencing.case-conferences.v1',
  streamPrefix: CONFERENCE_STREAM_PREFIX,
  table: { name: 'case_conferences' },
  entity: CaseConferenceEntity,
  next: nextView,
});
