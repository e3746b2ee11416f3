import type {
  CaseProfile,
  ReferralAcceptedV1,
  ReferralAmendedV1,
  ReferralDeclinedV1,
} from '@accord/contracts';
import { dataOf, foldWith, type FoldEvent } from './fold-event';

/** The parts of intake's internal ReferralSubmitted that audit shows in a state (no names). */
interface ReferralSubmittedFacts {
  readonly referringAgency: string;
  readonly receivingService: string;
  readonly referrerReference: string;
  readonly incident: { readonly offenceCategory?: string; readonly date?: string };
  readonly people: Record<string, readonly { readonly personId?: string }[] | undefined>;
  readonly riskLevel: string;
  readonly submittedBy: string;
  readonly submittedAt: string;
}

export type ReferralStatus = 'received' | 'accepted' | 'declined';

export interface IntakeView {
  readonly status: ReferralStatus;
  readonly referringAgency: string | null;
  readonly receivingService: string | null;
  readonly referrerReference: string | null;
  readonly offenceCategory: string | null;
  readonly incidentDate: string | null;
  readonly riskLevel: string | null;
  /** Pseudonymous ids and roles only; names live (encrypted) in the history. */
  readonly participants: readonly { readonly personId: string; readonly role: string }[];
  readonly submittedAt: string | null;
  readonly submittedBy: string | null;
  readonly decision: {
    readonly by: string | null;
    readonly at: string | null;
    readonly reason?: string;
  } | null;
  readonly amended: boolean;
  readonly amendments: readonly {
    readonly at: string | null;
    readonly by: string | null;
    readonly reason: string | null;
  }[];
}

const empty: IntakeView = {
  status: 'received',
  referringAgency: null,
  receivingService: null,
  referrerReference: null,
  offenceCategory: null,
  incidentDate: null,
  riskLevel: null,
  participants: [],
  submittedAt: null,
  submittedBy: null,
  decision: null,
  amended: false,
  amendments: [],
};

function withProfile(state: IntakeView, profile: Partial<CaseProfile> | undefined): IntakeView {
  if (!profile) return state;
  return {
    ...state,
    referringAgency: profile.referringAgency ?? state.referringAgency,
    receivingService: profile.receivingService ?? state.receivingService,
    offenceCategory: profile.offenceCategory ?? state.offenceCategory,
    incidentDate: profile.incidentDate ?? state.incidentDate,
    riskLevel: profile.riskLevel ?? state.riskLevel,
    participants: profile.participants
      ? profile.participants.map((p) => ({ personId: p.personId, role: p.role }))
      : state.participants,
  };
}

export function evolveIntake(state: IntakeView, event: FoldEvent): IntakeView {
  switch (event.type) {
    case 'ReferralSubmitted': {
      const data = dataOf<ReferralSubmittedFacts>(event);
      const people = Object.entries(data.people ?? {}).flatMap(([group, persons]) =>
        (persons ?? []).map((person) => ({
          personId: person.personId ?? '',
          role: group === 'supporters' ? 'supporter' : group,
        })),
      );
      return {
        ...state,
        status: 'received',
        referringAgency: data.referringAgency ?? null,
        receivingService: data.receivingService ?? null,
        referrerReference: data.referrerReference ?? null,
        offenceCategory: data.incident?.offenceCategory ?? null,
        incidentDate: data.incident?.date ?? null,
        riskLevel: data.riskLevel ?? null,
        participants: people,
        submittedAt: data.submittedAt ?? null,
        submittedBy: data.submittedBy ?? null,
      };
    }
    case 'ReferralAccepted': {
      const data = dataOf<ReferralAcceptedV1>(event);
      return {
        ...withProfile(state, data.profile),
        status: 'accepted',
        decision: { by: data.acceptedBy ?? null, at: data.acceptedAt ?? null },
      };
    }
    case 'ReferralDeclined': {
      const data = dataOf<ReferralDeclinedV1>(event);
      return {
        ...state,
        status: 'declined',
        decision: {
          by: data.declinedBy ?? null,
          at: data.declinedAt ?? null,
          ...(data.reason !== undefined ? { reason: data.reason } : {}),
        },
      };
    }
    case 'ReferralAmended': {
      const data = dataOf<ReferralAmendedV1>(event);
      return {
        ...withProfile(state, data.profile),
        amended: true,
        amendments: [
          ...state.amendments,
          { at: data.amendedAt ?? null, by: data.amendedBy ?? null, reason: data.reason ?? null },
        ],
      };
    }
    default:
      return state;
  }
}

/** Referral status as intake saw it after `events` (stream `intake.Referral-<caseId>`). */
export const foldIntake = (events: readonly FoldEvent[]): IntakeView | null =>
  foldWith(events, empty, evolveIntake);
