import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@accord/event-store';
import { projectionSchema, type Projection, type ProjectionLog } from '@accord/platform';
import {
  consentDecider,
  outstandingConsents,
  type ConsentEvent,
  type ConsentState,
} from '@accord/consent-domain';
import { CONSENT_STREAM_PREFIX } from '../consent.stream';
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
 * `consent.case_consent`: each event re-folds its (short) stream up to that event, so a missed or
 * repeated update heals on the next one; an older fold never overwrites a newer one.
 */
export const caseConsentProjection: Projection = {
  name: 'consent.case-consent.v1',
  streamPrefix: CONSENT_STREAM_PREFIX,
  tables: [{ name: 'case_consent' }],
  alsoWrittenBy: 'the command runner, right after each command (read-your-writes)',
  async apply(event: RecordedEvent, manager: EntityManager, log: ProjectionLog): Promise<void> {
    const view = caseConsentView(await log.readStream(event.streamId, { toVersion: event.streamVersion }));
    if (!view) return;
    const schema = projectionSchema(manager);
    await manager.query(
      `insert into "${schema}"."case_consent"
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
  },
};
