import type {
  CaseHaltedV1,
  ConsentGivenV1,
  ConsentPurpose,
  ConsentWithdrawnV1,
  HaltReason,
} from '@accord/contracts';
import { dataOf, foldWith, type FoldEvent } from './fold-event';

export type ConsentStatus = 'requested' | 'given' | 'declined' | 'withdrawn';

/** One participant's consent to one purpose (sharing consents are per agency). */
export interface ConsentEntry {
  readonly personId: string;
  readonly role: string | null;
  readonly purpose: ConsentPurpose;
  /** The agency an information-sharing consent names. */
  readonly sharingWith: string | null;
  readonly status: ConsentStatus;
  readonly at: string | null;
  readonly method: string | null;
  readonly recordedBy: string | null;
  readonly reason: string | null;
}

export interface ConsentView {
  readonly status: 'requested' | 'complete' | 'halted';
  readonly consents: readonly ConsentEntry[];
  /** Under-18 participants still without a named guardian. */
  readonly guardiansNeeded: readonly string[];
  readonly dueAt: string | null;
  readonly completedAt: string | null;
  readonly halted: {
    readonly reason: HaltReason | null;
    readonly explanation: string | null;
    readonly personId: string | null;
    readonly at: string | null;
  } | null;
}

const empty: ConsentView = {
  status: 'requested',
  consents: [],
  guardiansNeeded: [],
  dueAt: null,
  completedAt: null,
  halted: null,
};

const FACT_STATUS: Readonly<Record<string, ConsentStatus>> = {
  ConsentGiven: 'given',
  ConsentDeclined: 'declined',
  ConsentWithdrawn: 'withdrawn',
};

const sameConsent = (entry: ConsentEntry, personId: string, purpose: string, agency: string | null) =>
  entry.personId === personId && entry.purpose === purpose && entry.sharingWith === agency;

function upsert(consents: readonly ConsentEntry[], next: ConsentEntry): ConsentEntry[] {
  const index = consents.findIndex((entry) =>
    sameConsent(entry, next.personId, next.purpose, next.sharingWith),
  );
  if (index < 0) return [...consents, next];
  return consents.map((entry, i) => (i === index ? { ...next, role: next.role ?? entry.role } : entry));
}

export function evolveConsent(state: ConsentView, event: FoldEvent): ConsentView {
  const factStatus = FACT_STATUS[event.type];
  if (factStatus) {
    const data = dataOf<ConsentWithdrawnV1>(event);
    if (!data.personId || !data.purpose) return state;
    return {
      ...state,
      consents: upsert(state.consents, {
        personId: data.personId,
        role: data.role ?? null,
        purpose: data.purpose,
        sharingWith: data.sharing?.agency ?? null,
        status: factStatus,
        at: data.recordedAt ?? null,
        method: data.method ?? null,
        recordedBy: data.recordedBy ?? null,
        reason: data.reason ?? null,
      }),
    };
  }
  switch (event.type) {
    case 'ConsentCaseOpened':
      return { ...state, dueAt: dataOf<{ dueAt: string }>(event).dueAt ?? state.dueAt };
    case 'ConsentRequested': {
      const data = dataOf<ConsentGivenV1 & { requestedAt: string; dueAt: string }>(event);
      if (!data.personId) return state;
      const purpose = data.purpose ?? 'participation';
      if (state.consents.some((entry) => sameConsent(entry, data.personId ?? '', purpose, null)))
        return state;
      return {
        ...state,
        dueAt: data.dueAt ?? state.dueAt,
        consents: upsert(state.consents, {
          personId: data.personId,
          role: data.role ?? null,
          purpose,
          sharingWith: null,
          status: 'requested',
          at: data.requestedAt ?? null,
          method: null,
          recordedBy: null,
          reason: null,
        }),
      };
    }
    case 'GuardianNeeded': {
      const { personId } = dataOf<{ personId: string }>(event);
      return personId && !state.guardiansNeeded.includes(personId)
        ? { ...state, guardiansNeeded: [...state.guardiansNeeded, personId] }
        : state;
    }
    case 'ConsentsComplete':
      return state.status === 'halted'
        ? state
        : {
            ...state,
            status: 'complete',
            completedAt: dataOf<{ completedAt: string }>(event).completedAt ?? null,
          };
    case 'CaseHalted': {
      const data = dataOf<CaseHaltedV1>(event);
      return {
        ...state,
        status: 'halted',
        halted: {
          reason: data.reason ?? null,
          explanation: data.explanation ?? null,
          personId: data.personId ?? null,
          at: data.haltedAt ?? null,
        },
      };
    }
    default:
      return state;
  }
}

/** Consent per participant and purpose, and overall, after `events` (stream `consent.Consent-<caseId>`). */
export const foldConsent = (events: readonly FoldEvent[]): ConsentView | null =>
  foldWith(events, empty, evolveConsent);
