import { caseRowProjection, WRITTEN_AFTER_EACH_COMMAND } from '@accord/platform';
import { FOLLOW_UP_STREAM_PREFIX } from '../../follow-up/follow-up.stream';
import { CaseOutcomeEntity } from './case-outcome.entity';
import { nextOutcomeView } from './case-outcome.view';

/** `follow_up.case_outcomes`: each case's outcome and time in each stage, for the report (`nextOutcomeView`). */
export const caseOutcomeProjection = caseRowProjection(CaseOutcomeEntity, nextOutcomeView, {
  name: 'follow-up.case-outcomes.v1',
  streamPrefix: FOLLOW_UP_STREAM_PREFIX,
  alsoWrittenBy: WRITTEN_AFTER_EACH_COMMAND,
});
