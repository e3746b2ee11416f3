import type { RecordedEvent } from '@accord/event-store';
import { refoldedCaseRowProjection } from '@accord/platform';
import { screeningDecider, type ScreeningEvent, type ScreeningState } from '@accord/screening-domain';
import { SCREENING_STREAM_PREFIX } from '../screening.stream';
import { CaseScreeningEntity, type ScreeningHistoryEntry } from './case-screening.entity';

/** Folds a case's whole screening stream into its row; `null` while nothing has been decided. */
export function caseScreeningView(events: readonly RecordedEvent[]): CaseScreeningEntity | null {
  const last = events[events.length - 1];
  if (!last) return null;
  const history: ScreeningHistoryEntry[] = [];
  let state: ScreeningState = screeningDecider.initialState;
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as unknown as ScreeningEvent;
    state = screeningDecider.evolve(state, event);
    if (event.type !== 'ScreeningStarted' && state.status === 'decided') {
      const { outcome, ruleSetVersion, decidedBy, decidedAt, overrides, reason } = state.current;
      history.push({
        outcome,
        ruleSetVersion,
        decidedBy,
        decidedAt,
        ...(overrides ? { overrides } : {}),
        ...(reason ? { reason } : {}),
      });
    }
  }
  if (state.status !== 'decided') return null;
  const { current, profile, caseId } = state;
  return {
    caseId,
    referringAgency: profile.referringAgency,
    receivingService: profile.receivingService,
    outcome: current.outcome,
    ruleSetVersion: current.ruleSetVersion,
    rules: current.rules,
    requirements: current.requirements,
    decidedBy: current.decidedBy,
    decidedAt: current.decidedAt,
    overrides: current.overrides ?? null,
    reason: current.reason ?? null,
    history,
    version: last.streamVersion,
  };
}

/** `screening.case_screening`, re-folded from the case's stream (`caseScreeningView`). */
export const caseScreeningProjection = refoldedCaseRowProjection(CaseScreeningEntity, caseScreeningView, {
  name: 'screening.case-screening.v1',
  streamPrefix: SCREENING_STREAM_PREFIX,
});
