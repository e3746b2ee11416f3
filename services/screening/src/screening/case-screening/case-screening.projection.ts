import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { InjectEventStore, type EventStore, type RecordedEvent } from '@accord/event-store';
import { screeningDecider, type ScreeningEvent, type ScreeningState } from '@accord/screening-domain';
import { screeningStream } from '../screening.stream';
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
 * Keeps `screening.case_screening` in step with the log. It re-folds the whole (short) stream each
 * time, so a missed or repeated update heals on the next one, and a rebuild is just `project` per case.
 */
@Injectable()
export class CaseScreeningProjection {
  constructor(
    @InjectEventStore() private readonly store: EventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async project(caseId: string): Promise<void> {
    const view = caseScreeningView(await this.store.readStream(screeningStream(caseId)));
    if (!view) return;
    await this.dataSource.query(
      `insert into "screening"."case_screening"
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
  }

  /** Replays every screening stream into the read model (ops: after a schema change or a lost table). */
  async rebuild(): Promise<number> {
    const caseIds = new Set<string>();
    let after: RecordedEvent['globalPosition'] | undefined;
    for (;;) {
      const page = await this.store.readAll({
        ...(after !== undefined ? { after } : {}),
        limit: 1000,
        filter: { streamPrefix: 'screening.Screening-', types: ['ScreeningStarted'] },
      });
      const last = page[page.length - 1];
      if (!last) break;
      for (const event of page) caseIds.add((event.data as { caseId: string }).caseId);
      after = last.globalPosition;
    }
    for (const caseId of caseIds) await this.project(caseId);
    return caseIds.size;
  }
}
