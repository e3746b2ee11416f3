import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@accord/event-store';
import { projectionSchema, type Projection, type ProjectionLog } from '@accord/platform';
import { screeningDecider, type ScreeningEvent, type ScreeningState } from '@accord/screening-domain';
import { SCREENING_STREAM_PREFIX } from '../screening.stream';
import type { CaseScreeningEntity, ScreeningHistoryEntry } from './case-screening.entity';

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
    streamVersion: last.streamVersion,
  };
}

/**
 * `screening.case_screening`: each event re-folds its (short) stream up to that event, so a missed
 * or repeated update heals on the next one; an older fold never overwrites a newer one.
 */
export const caseScreeningProjection: Projection = {
  name: 'screening.case-screening.v1',
  streamPrefix: SCREENING_STREAM_PREFIX,
  tables: [{ name: 'case_screening' }],
  alsoWrittenBy: 'the command runner, right after each command (read-your-writes)',
  async apply(event: RecordedEvent, manager: EntityManager, log: ProjectionLog): Promise<void> {
    const view = caseScreeningView(await log.readStream(event.streamId, { toVersion: event.streamVersion }));
    if (!view) return;
    const schema = projectionSchema(manager);
    await manager.query(
      `insert into "${schema}"."case_screening"
         (case_id, referring_agency, receiving_service, outcome, rule_set_version, rules, requirements, decided_by, decided_at, overrides, reason, history, stream_version)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       on conflict (case_id) do update set
         referring_agency = excluded.referring_agency, receiving_service = excluded.receiving_service, outcome = excluded.outcome,
         rule_set_version = excluded.rule_set_version, rules = excluded.rules, requirements = excluded.requirements,
         decided_by = excluded.decided_by, decided_at = excluded.decided_at, overrides = excluded.overrides, reason = excluded.reason,
         history = excluded.history, stream_version = excluded.stream_version
       where "case_screening".stream_version < excluded.stream_version`,
      [
        view.caseId,
        view.referringAgency,
        view.receivingService,
        view.outcome,
        view.ruleSetVersion,
        JSON.stringify(view.rules),
        JSON.stringify(view.requirements),
        view.decidedBy,
        view.decidedAt,
        view.overrides,
        view.reason,
        JSON.stringify(view.history),
        view.streamVersion,
      ],
    );
  },
};
