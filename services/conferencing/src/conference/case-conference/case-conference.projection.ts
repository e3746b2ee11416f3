import { caseRowProjection, WRITTEN_AFTER_EACH_COMMAND } from '@accord/platform';
import { CONFERENCE_STREAM_PREFIX } from '../conference.stream';
import { CaseConferenceEntity } from './case-conference.entity';
import { nextView } from './case-conference.view';

/** `conferencing.case_conferences`: where each case stands in conferencing (`nextView`). */
export const caseConferenceProjection = caseRowProjection(CaseConferenceEntity, nextView, {
  name: 'conferencing.case-conferences.v1',
  streamPrefix: CONFERENCE_STREAM_PREFIX,
  alsoWrittenBy: WRITTEN_AFTER_EACH_COMMAND,
});
