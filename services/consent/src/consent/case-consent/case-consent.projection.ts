import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { InjectEventStore, type EventStore, type RecordedEvent } from '@accord/event-store';
import {
  consentDecider,
  outstandingConsents,
  type ConsentEvent,
  type ConsentState,
} from '@accord/consent-domain';
import { consentStream } from '../consent.stream';
import type { CaseConsentEntity, ParticipantView, SharingView } from './case-consent.entity';

/** Folds a case's whole consent stream into its row; `null` before consent was requested. */
export function caseConsentView(events: readonly RecordedEvent[]): CaseConsentEntity | null {
  const last = events[events.length - 1];
  const state = events.reduce<ConsentState>(
    (current, recorded) =>
      consentDecider.evolve(current, { type: recorded.type, data: recorded.data } as unknown as ConsentEvent),
    consentDecider.initialState,
  );
  if (!last || state.status === 'not-requested') return null;
  const consents = Object.values(state.consents);
  const participants: ParticipantView[] = state.profile.participants
    .filter((person, index, all) => all.findIndex((other) => other.personId === person.personId) === index)
    .map((person) => {
      const required = state.required.find((consent) => consent.personId === person.personId);
      const own = consents.filter((consent) => consent.personId === person.personId);
      const participation =
        own.find((consent) => consent.purpose === 'participation')?.status ??
        (required ? 'requested' : 'not-requested');
      return {
        personId: person.personId,
        role: person.role,
        required: required !== undefined,
        ...(required?.onBehalfOf ? { onBehalfOf: required.onBehalfOf } : {}),
        participation,
        consents: own.map(({ purpose, status, method, recordedBy, recordedAt, sharing }) => ({
          purpose,
          status,
          method,
          recordedBy,
          recordedAt,
          ...(sharing ? { agency: sharing.agency, information: sharing.information } : {}),
        })),
      };
    });
  const sharing: SharingView[] = consents
    .filter(
      (consent) => consent.purpose === 'information-sharing' && consent.status === 'given' && consent.sharing,
    )
    .map((consent) => ({
      personId: consent.personId,
      role: consent.role,
      agency: consent.sharing?.agency ?? '',
      information: consent.sharing?.information ?? [],
      consentedAt: consent.recordedAt,
    }));
  return {
    caseId: state.caseId,
    referringAgency: state.profile.referringAgency,
    receivingService: state.profile.receivingService,
    status: state.status,
    haltReason: state.status === 'halted' ? state.halt.reason : null,
    haltedAt: state.status === 'halted' ? state.halt.haltedAt : null,
    openedAt: state.openedAt,
    dueAt: state.dueAt,
    remindedAt: state.remindedAt ?? null,
    completedAt: state.completedAt ?? null,
    participants,
    outstanding: state.status === 'requested' ? outstandingConsents(state) : [],
    guardiansNeeded: state.status === 'requested' ? [...state.guardiansNeeded] : [],
    sharing,
    streamVersion: last.streamVersion,
  };
}

/**
 * Keeps `consent.case_consent` in step with the log by re-folding the case's (short) stream after
 * every command: a missed update heals on the next one, and a rebuild is `project` per case.
 */
@Injectable()
export class CaseConsentProjection {
  constructor(
    @InjectEventStore() private readonly store: EventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async project(caseId: string): Promise<void> {
    const view = caseConsentView(await this.store.readStream(consentStream(caseId)));
    if (!view) return;
    await this.dataSource.query(
      `insert into "consent"."case_consent"
         (case_id, referring_agency, receiving_service, status, halt_reason, halted_at, opened_at, due_at, reminded_at, completed_at,
          participants, outstanding, guardians_needed, sharing, stream_version)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       on conflict (case_id) do update set
         referring_agency = excluded.referring_agency, receiving_service = excluded.receiving_service, status = excluded.status,
         halt_reason = excluded.halt_reason, halted_at = excluded.halted_at, opened_at = excluded.opened_at, due_at = excluded.due_at,
         reminded_at = excluded.reminded_at, completed_at = excluded.completed_at, participants = excluded.participants,
         outstanding = excluded.outstanding, guardians_needed = excluded.guardians_needed, sharing = excluded.sharing,
         stream_version = excluded.stream_version
       where "case_consent".stream_version < excluded.stream_version`,
      [
        view.caseId,
        view.referringAgency,
        view.receivingService,
        view.status,
        view.haltReason,
        view.haltedAt,
        view.openedAt,
        view.dueAt,
        view.remindedAt,
        view.completedAt,
        JSON.stringify(view.participants),
        JSON.stringify(view.outstanding),
        JSON.stringify(view.guardiansNeeded),
        JSON.stringify(view.sharing),
        view.streamVersion,
      ],
    );
  }

  /** Replays every consent stream into the read model (ops: after a schema change or a lost table). */
  async rebuild(): Promise<number> {
    const caseIds = new Set<string>();
    let after: RecordedEvent['globalPosition'] | undefined;
    for (;;) {
      const page = await this.store.readAll({
        ...(after !== undefined ? { after } : {}),
        limit: 1000,
        filter: { streamPrefix: 'consent.Consent-', types: ['ConsentCaseOpened'] },
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
