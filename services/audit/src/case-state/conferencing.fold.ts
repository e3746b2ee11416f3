import type {
  AgreementReachedV1,
  ConferenceCancelledV1,
  ConferenceMode,
  ConferenceScheduledV1,
  FacilitatorAssignedV1,
  HaltReason,
  NoAgreementV1,
} from '@accord/contracts';
import { dataOf, foldWith, type FoldEvent } from './fold-event';

export interface ConferenceView {
  readonly status: 'not-scheduled' | 'scheduled' | 'cancelled' | 'held';
  readonly mode: ConferenceMode | null;
  readonly at: string | null;
  readonly where: string | null;
  readonly participants: readonly string[];
  readonly cancelledReason: string | null;
}

export interface ConferencingView {
  readonly status: 'open' | 'concluded' | 'halted';
  readonly facilitatorId: string | null;
  /** Every assignment, oldest first: who held the case when. */
  readonly facilitators: readonly {
    readonly facilitatorId: string;
    readonly how: string | null;
    readonly at: string | null;
    readonly reason: string | null;
  }[];
  /** No suitable facilitator was free when last tried. */
  readonly facilitatorUnavailable: boolean;
  readonly safetyPlanRecorded: boolean;
  readonly conference: ConferenceView;
  readonly outcome: 'agreement' | 'no-agreement' | null;
  readonly agreedActions: number;
  readonly noAgreementReason: string | null;
  readonly halted: { readonly reason: HaltReason | null; readonly at: string | null } | null;
}

const noConference: ConferenceView = {
  status: 'not-scheduled',
  mode: null,
  at: null,
  where: null,
  participants: [],
  cancelledReason: null,
};

const empty: ConferencingView = {
  status: 'open',
  facilitatorId: null,
  facilitators: [],
  facilitatorUnavailable: false,
  safetyPlanRecorded: false,
  conference: noConference,
  outcome: null,
  agreedActions: 0,
  noAgreementReason: null,
  halted: null,
};

export function evolveConferencing(state: ConferencingView, event: FoldEvent): ConferencingView {
  switch (event.type) {
    case 'FacilitatorAssigned': {
      const data = dataOf<FacilitatorAssignedV1>(event);
      if (!data.facilitatorId) return state;
      return {
        ...state,
        facilitatorId: data.facilitatorId,
        facilitatorUnavailable: false,
        facilitators: [
          ...state.facilitators,
          {
            facilitatorId: data.facilitatorId,
            how: data.how ?? null,
            at: data.assignedAt ?? null,
            reason: data.reason ?? null,
          },
        ],
      };
    }
    case 'FacilitatorUnavailable':
      return { ...state, facilitatorUnavailable: true };
    case 'SafetyPlanRecorded':
      return { ...state, safetyPlanRecorded: true };
    case 'ConferenceScheduled': {
      const data = dataOf<ConferenceScheduledV1>(event);
      return {
        ...state,
        conference: {
          status: 'scheduled',
          mode: data.mode ?? null,
          at: data.at ?? null,
          where: data.where ?? null,
          participants: data.participants ?? [],
          cancelledReason: null,
        },
      };
    }
    case 'ConferenceCancelled':
      return {
        ...state,
        conference: {
          ...state.conference,
          status: 'cancelled',
          cancelledReason: dataOf<ConferenceCancelledV1>(event).reason ?? null,
        },
      };
    case 'AgreementReached':
      return {
        ...state,
        status: 'concluded',
        outcome: 'agreement',
        agreedActions: dataOf<AgreementReachedV1>(event).actions?.length ?? 0,
        conference: { ...state.conference, status: 'held' },
      };
    case 'NoAgreement':
      return {
        ...state,
        status: 'concluded',
        outcome: 'no-agreement',
        noAgreementReason: dataOf<NoAgreementV1>(event).reason ?? null,
        conference: { ...state.conference, status: 'held' },
      };
    case 'ConferencingHalted': {
      const data = dataOf<{ reason: HaltReason; haltedAt: string }>(event);
      return {
        ...state,
        status: 'halted',
        halted: { reason: data.reason ?? null, at: data.haltedAt ?? null },
      };
    }
    default:
      return state;
  }
}

/** Facilitator, conference and outcome after `events` (stream `conferencing.Conference-<caseId>`). */
export const foldConferencing = (events: readonly FoldEvent[]): ConferencingView | null =>
  foldWith(events, empty, evolveConferencing);
