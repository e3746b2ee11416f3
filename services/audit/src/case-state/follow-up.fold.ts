import type {
  ActionResolvedV1,
  AgreedAction,
  CaseClosedV1,
  CaseOutcome,
  CheckInRecordedV1,
} from '@accord/contracts';
import { dataOf, foldWith, type FoldEvent } from './fold-event';

export interface ActionView {
  readonly actionId: string;
  readonly kind: string | null;
  readonly what: string | null;
  readonly by: string | null;
  readonly dueBy: string | null;
  readonly status: 'open' | 'overdue' | 'done' | 'missed';
  readonly resolvedAt: string | null;
  readonly resolvedBy: string | null;
}

export interface CheckInView {
  readonly checkInId: string;
  readonly dueAt: string | null;
  readonly status: 'planned' | 'due' | 'missed' | 'recorded';
  readonly satisfaction: number | null;
  readonly feelingOfSafety: number | null;
  readonly wellbeingChange: string | null;
  readonly recordedAt: string | null;
  /** The harmed person's own words exist (in the history, encrypted with their key). */
  readonly hasNotes: boolean;
}

export interface FollowUpView {
  readonly status: 'registered' | 'tracking' | 'closed';
  readonly milestones: Readonly<Record<string, string>>;
  readonly actions: readonly ActionView[];
  readonly checkIns: readonly CheckInView[];
  readonly closed: {
    readonly outcome: CaseOutcome | null;
    readonly closedBy: string | null;
    readonly closedAt: string | null;
    readonly reason: string | null;
  } | null;
}

const empty: FollowUpView = { status: 'registered', milestones: {}, actions: [], checkIns: [], closed: null };

const newCheckIn = (checkInId: string, dueAt: string | null): CheckInView => ({
  checkInId,
  dueAt,
  status: 'planned',
  satisfaction: null,
  feelingOfSafety: null,
  wellbeingChange: null,
  recordedAt: null,
  hasNotes: false,
});

function updateAction(
  state: FollowUpView,
  actionId: string | undefined,
  change: Partial<ActionView>,
): FollowUpView {
  if (!actionId) return state;
  return {
    ...state,
    actions: state.actions.map((action) =>
      action.actionId === actionId ? { ...action, ...change } : action,
    ),
  };
}

function updateCheckIn(
  state: FollowUpView,
  checkInId: string | undefined,
  change: (checkIn: CheckInView) => CheckInView,
): FollowUpView {
  if (!checkInId) return state;
  const known = state.checkIns.some((checkIn) => checkIn.checkInId === checkInId);
  // An extra check-in (not planned when follow-up started) appears when it is recorded.
  const checkIns = known ? state.checkIns : [...state.checkIns, newCheckIn(checkInId, null)];
  return {
    ...state,
    checkIns: checkIns.map((checkIn) => (checkIn.checkInId === checkInId ? change(checkIn) : checkIn)),
  };
}

export function evolveFollowUp(state: FollowUpView, event: FoldEvent): FollowUpView {
  switch (event.type) {
    case 'CaseRegistered': {
      const at = dataOf<{ consentsCompletedAt: string }>(event).consentsCompletedAt;
      return at ? { ...state, milestones: { ...state.milestones, 'consents-complete': at } } : state;
    }
    case 'MilestoneNoted': {
      const data = dataOf<{ milestone: string; at: string }>(event);
      return data.milestone && data.at
        ? { ...state, milestones: { ...state.milestones, [data.milestone]: data.at } }
        : state;
    }
    case 'FollowUpStarted': {
      const data = dataOf<{ actions: AgreedAction[]; checkIns: { checkInId: string; dueAt: string }[] }>(
        event,
      );
      return {
        ...state,
        status: 'tracking',
        actions: (data.actions ?? []).map((action) => ({
          actionId: action.actionId,
          kind: action.kind ?? null,
          what: action.what ?? null,
          by: action.by ?? null,
          dueBy: action.dueBy ?? null,
          status: 'open',
          resolvedAt: null,
          resolvedBy: null,
        })),
        checkIns: (data.checkIns ?? []).map((checkIn) =>
          newCheckIn(checkIn.checkInId, checkIn.dueAt ?? null),
        ),
      };
    }
    case 'ActionOverdue': {
      const { actionId } = dataOf<{ actionId: string }>(event);
      const action = state.actions.find((candidate) => candidate.actionId === actionId);
      return action?.status === 'open' ? updateAction(state, actionId, { status: 'overdue' }) : state;
    }
    case 'ActionResolved': {
      const data = dataOf<ActionResolvedV1>(event);
      return updateAction(state, data.actionId, {
        status: data.result === 'missed' ? 'missed' : 'done',
        resolvedAt: data.resolvedAt ?? null,
        resolvedBy: data.recordedBy ?? null,
      });
    }
    case 'CheckInDue':
      return updateCheckIn(state, dataOf<{ checkInId: string }>(event).checkInId, (checkIn) =>
        checkIn.status === 'planned' ? { ...checkIn, status: 'due' } : checkIn,
      );
    case 'CheckInMissed':
      return updateCheckIn(state, dataOf<{ checkInId: string }>(event).checkInId, (checkIn) =>
        checkIn.status === 'recorded' ? checkIn : { ...checkIn, status: 'missed' },
      );
    case 'CheckInRecorded': {
      const data = dataOf<CheckInRecordedV1>(event);
      return updateCheckIn(state, data.checkInId, (checkIn) => ({
        ...checkIn,
        status: 'recorded',
        satisfaction: data.satisfaction ?? null,
        feelingOfSafety: data.feelingOfSafety ?? null,
        wellbeingChange: data.wellbeingChange ?? null,
        recordedAt: data.recordedAt ?? null,
      }));
    }
    case 'CheckInNotesRecorded':
      return updateCheckIn(state, dataOf<{ checkInId: string }>(event).checkInId, (checkIn) => ({
        ...checkIn,
        hasNotes: true,
      }));
    case 'CaseClosed': {
      const data = dataOf<CaseClosedV1>(event);
      return {
        ...state,
        status: 'closed',
        closed: {
          outcome: data.outcome ?? null,
          closedBy: data.closedBy ?? null,
          closedAt: data.closedAt ?? null,
          reason: data.reason ?? null,
        },
      };
    }
    default:
      return state;
  }
}

/** Actions, check-ins and closure after `events` (stream `follow-up.FollowUp-<caseId>`). */
export const foldFollowUp = (events: readonly FoldEvent[]): FollowUpView | null =>
  foldWith(events, empty, evolveFollowUp);
