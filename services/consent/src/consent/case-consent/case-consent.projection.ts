import type { RecordedEvent } from '@accord/event-store';
import { refoldedCaseRowProjection } from '@accord/platform';
import {
  consentDecider,
  outstandingConsents,
  type ConsentEvent,
  type ConsentState,
} from '@accord/consent-domain';
import { CONSENT_STREAM_PREFIX } from '../consent.stream';
import { CaseConsentEntity, type ParticipantView, type SharingView } from './case-consent.entity';

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
    version: last.streamVersion,
  };
}

/** `consent.case_consent`, re-folded from the case's stream (`caseConsentView`). */
export const caseConsentProjection = refoldedCaseRowProjection(CaseConsentEntity, caseConsentView, {
  name: 'consent.case-consent.v1',
  streamPrefix: CONSENT_STREAM_PREFIX,
});
