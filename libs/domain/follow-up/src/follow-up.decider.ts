import {
  assertNever,
  clipReason,
  conflict,
  notFound,
  unprocessable,
  type ActionOverdueV1,
  type ActionResolvedV1,
  type AgreedAction,
  type CaseClosedV1,
  type CaseOutcome,
  type Command,
  type CheckInRecordedV1,
  type Events,
  type WellbeingChange,
} from '@accord/contracts';

export const MILESTONES = [
  'consents-complete',
  'facilitator-assigned',
  'conference-scheduled',
  'conference-held',
] as const;
export type Milestone = (typeof MILESTONES)[number];

/** Outcomes a case-worker may close a case with; halted and no-agreement come from events. */
export const DECIDED_OUTCOMES = [
  'agreement-completed',
  'agreement-partly-completed',
  'closed-by-decision',
] as const;
export type DecidedOutcome = (typeof DECIDED_OUTCOMES)[number];

export type TimerKind = 'action-reminder' | 'action-due' | 'check-in-due' | 'check-in-grace-over';

export interface PlannedCheckIn {
  readonly checkInId: string;
  readonly dueAt: string;
}

export type FollowUpCommand =
  | Command<
      'RegisterCase',
      {
        readonly caseId: string;
        readonly referringAgency: string;
        readonly receivingService: string;
        readonly offenceCategory: string;
        readonly consentsCompletedAt: string;
      }
    >
  | Command<'NoteMilestone', { readonly caseId: string; readonly milestone: Milestone; readonly at: string }>
  | Command<
      'StartFollowUp',
      {
        readonly caseId: string;
        readonly actions: readonly AgreedAction[];
        readonly harmedPersons: readonly string[];
        readonly heldAt: string;
        /** Check-ins with the harmed person, ids and due dates planned by the caller (config). */
        readonly checkIns: readonly PlannedCheckIn[];
      }
    >
  | Command<
      'CloseWithoutAgreement',
      { readonly caseId: string; readonly reason: string; readonly heldAt: string }
    >
  | Command<'HaltCase', { readonly caseId: string; readonly explanation: string; readonly haltedAt: string }>
  | Command<'FireTimer', { readonly caseId: string; readonly kind: TimerKind; readonly subjectId: string }>
  | Command<
      'ResolveAction',
      { readonly caseId: string; readonly actionId: string; readonly result: 'done' | 'missed' }
    >
  | Command<
      'RecordCheckIn',
      {
        readonly caseId: string;
        /** A planned check-in; absent: the earliest one not yet recorded, or an extra one with `extraCheckInId`. */
        readonly checkInId: string | undefined;
        readonly extraCheckInId: string;
        readonly personId: string | undefined;
        readonly satisfaction: number;
        readonly feelingOfSafety: number;
        readonly wellbeingChange: WellbeingChange;
        readonly notes: string | undefined;
      }
    >
  | Command<
      'CloseCase',
      {
        readonly caseId: string;
        readonly outcome: DecidedOutcome;
        readonly reason: string;
      }
    >;

export interface CaseRegisteredData {
  readonly caseId: string;
  readonly referringAgency: string;
  readonly receivingService: string;
  readonly offenceCategory: string;
  readonly consentsCompletedAt: string;
}

export interface FollowUpStartedData {
  readonly caseId: string;
  readonly actions: readonly AgreedAction[];
  readonly harmedPersons: readonly string[];
  readonly heldAt: string;
  readonly checkIns: readonly PlannedCheckIn[];
  readonly startedAt: string;
}

/**
 * Published (libs/contracts): ActionResolved, ActionOverdue, CheckInRecorded, CaseClosed — data
 * exactly the contract. Internal: the rest. CheckInNotesRecorded holds the harmed person's own
 * words and is encrypted with their key (crypto-shredding; see follow-up.personal-data.ts).
 */
export type FollowUpEvent = Events<{
  CaseRegistered: CaseRegisteredData;
  MilestoneNoted: { readonly caseId: string; readonly milestone: Milestone; readonly at: string };
  FollowUpStarted: FollowUpStartedData;
  ActionReminderDue: {
    readonly caseId: string;
    readonly actionId: string;
    readonly dueBy: string;
    readonly remindedAt: string;
  };
  ActionOverdue: ActionOverdueV1;
  ActionResolved: ActionResolvedV1;
  CheckInDue: { readonly caseId: string; readonly checkInId: string; readonly dueAt: string };
  CheckInMissed: {
    readonly caseId: string;
    readonly checkInId: string;
    readonly dueAt: string;
    readonly remindedAt: string;
  };
  CheckInRecorded: CheckInRecordedV1;
  CheckInNotesRecorded: {
    readonly caseId: string;
    readonly checkInId: string;
    readonly harmedPersonId: string;
    readonly notes: string;
  };
  CaseClosed: CaseClosedV1;
}>;

export interface TrackedAction {
  readonly dueBy: string;
  readonly reminded: boolean;
  readonly overdue: boolean;
  readonly result: 'done' | 'missed' | null;
}

export interface TrackedCheckIn {
  readonly dueAt: string | null;
  readonly due: boolean;
  readonly missed: boolean;
  readonly recorded: boolean;
}

export interface Tracking {
  readonly actions: Readonly<Record<string, TrackedAction>>;
  readonly harmedPersons: readonly string[];
  /** Planned and extra check-ins, in the order they were planned or recorded. */
  readonly checkIns: Readonly<Record<string, TrackedCheckIn>>;
}

export type Progress =
  | { readonly phase: 'awaiting-agreement' }
  | { readonly phase: 'tracking'; readonly tracking: Tracking }
  | { readonly phase: 'closed'; readonly outcome: CaseOutcome };

export interface FollowUpState {
  /** From ConsentsComplete: which agencies the case belongs to. Null until it is heard. */
  readonly registration: { readonly referringAgency: string; readonly receivingService: string } | null;
  readonly milestones: Readonly<Partial<Record<Milestone, string>>>;
  readonly progress: Progress;
}

export const initialState: FollowUpState = {
  registration: null,
  milestones: {},
  progress: { phase: 'awaiting-agreement' },
};

const SYSTEM = 'system:follow-up';

export function decide(command: FollowUpCommand, state: FollowUpState): FollowUpEvent[] {
  switch (command.type) {
    case 'RegisterCase':
      if (state.registration) return [];
      return [
        {
          type: 'CaseRegistered',
          data: {
            caseId: command.data.caseId,
            referringAgency: command.data.referringAgency,
            receivingService: command.data.receivingService,
            offenceCategory: command.data.offenceCategory,
            consentsCompletedAt: command.data.consentsCompletedAt,
          },
        },
      ];
    case 'NoteMilestone':
      // The first time counts (a reassignment or a rescheduled conference does not restart the stage).
      if (state.milestones[command.data.milestone] !== undefined || state.progress.phase === 'closed')
        return [];
      return [
        {
          type: 'MilestoneNoted',
          data: { caseId: command.data.caseId, milestone: command.data.milestone, at: command.data.at },
        },
      ];
    case 'StartFollowUp':
      return start(command, state);
    case 'CloseWithoutAgreement':
      if (state.progress.phase !== 'awaiting-agreement') return [];
      return [
        ...milestone(state, command.data.caseId, 'conference-held', command.data.heldAt),
        {
          type: 'CaseClosed',
          data: {
            caseId: command.data.caseId,
            outcome: 'no-agreement',
            closedBy: SYSTEM,
            reason: clipReason(command.data.reason),
            closedAt: command.metadata.now,
          },
        },
      ];
    case 'HaltCase':
      if (state.progress.phase === 'closed') return [];
      return [
        {
          type: 'CaseClosed',
          data: {
            caseId: command.data.caseId,
            outcome: 'halted',
            closedBy: SYSTEM,
            reason: clipReason(command.data.explanation),
            closedAt: command.data.haltedAt,
          },
        },
      ];
    case 'FireTimer':
      return fireTimer(command, state);
    case 'ResolveAction':
      return resolveAction(command, tracked(state, command.metadata.agency, command.data.caseId));
    case 'RecordCheckIn':
      return recordCheckIn(command, tracked(state, command.metadata.agency, command.data.caseId));
    case 'CloseCase': {
      tracked(state, command.metadata.agency, command.data.caseId);
      return [
        {
          type: 'CaseClosed',
          data: {
            caseId: command.data.caseId,
            outcome: command.data.outcome,
            closedBy: command.metadata.actor.id,
            reason: command.data.reason,
            closedAt: command.metadata.now,
          },
        },
      ];
    }
    default:
      return assertNever(command, 'follow-up command');
  }
}

function milestone(state: FollowUpState, caseId: string, which: Milestone, at: string): FollowUpEvent[] {
  return state.milestones[which] === undefined
    ? [{ type: 'MilestoneNoted', data: { caseId, milestone: which, at } }]
    : [];
}

function start(
  command: Extract<FollowUpCommand, { type: 'StartFollowUp' }>,
  state: FollowUpState,
): FollowUpEvent[] {
  if (state.progress.phase === 'tracking') return [];
  if (state.progress.phase === 'closed') {
    throw conflict(
      'CASE_CLOSED',
      `Case ${command.data.caseId} is closed (${state.progress.outcome}); its agreement is not tracked.`,
      {
        caseId: command.data.caseId,
        outcome: state.progress.outcome,
      },
    );
  }
  return [
    ...milestone(state, command.data.caseId, 'conference-held', command.data.heldAt),
    {
      type: 'FollowUpStarted',
      data: {
        caseId: command.data.caseId,
        actions: command.data.actions.map((a) => ({
          actionId: a.actionId,
          kind: a.kind,
          what: a.what,
          by: a.by,
          dueBy: a.dueBy,
        })),
        harmedPersons: [...command.data.harmedPersons],
        heldAt: command.data.heldAt,
        checkIns: command.data.checkIns.map((c) => ({ ...c })),
        startedAt: command.metadata.now,
      },
    },
  ];
}

/** A timer that fires for a closed case, or for something already settled, decides nothing. */
function fireTimer(
  command: Extract<FollowUpCommand, { type: 'FireTimer' }>,
  state: FollowUpState,
): FollowUpEvent[] {
  if (state.progress.phase !== 'tracking') return [];
  const { tracking } = state.progress;
  const caseId = command.data.caseId;
  switch (command.data.kind) {
    case 'action-reminder': {
      const action = tracking.actions[command.data.subjectId];
      if (!action || action.result || action.reminded) return [];
      return [
        {
          type: 'ActionReminderDue',
          data: {
            caseId,
            actionId: command.data.subjectId,
            dueBy: action.dueBy,
            remindedAt: command.metadata.now,
          },
        },
      ];
    }
    case 'action-due': {
      const action = tracking.actions[command.data.subjectId];
      if (!action || action.result || action.overdue) return [];
      return [
        { type: 'ActionOverdue', data: { caseId, actionId: command.data.subjectId, dueBy: action.dueBy } },
      ];
    }
    case 'check-in-due': {
      const checkIn = tracking.checkIns[command.data.subjectId];
      if (!checkIn?.dueAt || checkIn.recorded || checkIn.due) return [];
      return [
        { type: 'CheckInDue', data: { caseId, checkInId: command.data.subjectId, dueAt: checkIn.dueAt } },
      ];
    }
    case 'check-in-grace-over': {
      const checkIn = tracking.checkIns[command.data.subjectId];
      if (!checkIn?.dueAt || checkIn.recorded || checkIn.missed) return [];
      return [
        {
          type: 'CheckInMissed',
          data: {
            caseId,
            checkInId: command.data.subjectId,
            dueAt: checkIn.dueAt,
            remindedAt: command.metadata.now,
          },
        },
      ];
    }
    default:
      return assertNever(command.data.kind, 'timer kind');
  }
}

/**
 * The case as the receiving service sees it, while follow-up tracks it. Another agency gets the
 * same 404 as for an unknown case.
 */
function tracked(state: FollowUpState, agency: string | undefined, caseId: string): Tracking {
  if (!state.registration || state.registration.receivingService !== agency) {
    throw notFound('CASE_NOT_FOUND', `No case ${caseId} in follow-up for ${agency}.`, { caseId });
  }
  switch (state.progress.phase) {
    case 'tracking':
      return state.progress.tracking;
    case 'awaiting-agreement':
      throw conflict(
        'NO_AGREEMENT_YET',
        `Case ${caseId} has no outcome agreement yet; follow-up starts when one is reached.`,
        { caseId },
      );
    case 'closed':
      throw conflict('CASE_CLOSED', `Case ${caseId} is closed (${state.progress.outcome}).`, {
        caseId,
        outcome: state.progress.outcome,
      });
    default:
      return assertNever(state.progress, 'progress');
  }
}

function resolveAction(
  command: Extract<FollowUpCommand, { type: 'ResolveAction' }>,
  tracking: Tracking,
): FollowUpEvent[] {
  const action = tracking.actions[command.data.actionId];
  if (!action) {
    throw notFound(
      'ACTION_NOT_FOUND',
      `Case ${command.data.caseId} has no agreed action ${command.data.actionId}.`,
      {
        actionId: command.data.actionId,
      },
    );
  }
  if (action.result) {
    throw conflict(
      'ACTION_ALREADY_RESOLVED',
      `Action ${command.data.actionId} was already recorded as ${action.result}.`,
      {
        actionId: command.data.actionId,
        result: action.result,
      },
    );
  }
  const resolved: FollowUpEvent = {
    type: 'ActionResolved',
    data: {
      caseId: command.data.caseId,
      actionId: command.data.actionId,
      result: command.data.result,
      recordedBy: command.metadata.actor.id,
      resolvedAt: command.metadata.now,
    },
  };
  return [
    resolved,
    ...closeWhenComplete(
      evolveTracking(tracking, resolved),
      command.data.caseId,
      command.metadata.actor.id,
      command.metadata.now,
    ),
  ];
}

function recordCheckIn(
  command: Extract<FollowUpCommand, { type: 'RecordCheckIn' }>,
  tracking: Tracking,
): FollowUpEvent[] {
  const personId = command.data.personId ?? tracking.harmedPersons[0];
  if (!personId || !tracking.harmedPersons.includes(personId)) {
    throw unprocessable(
      'NOT_A_HARMED_PERSON',
      `Check-ins are with the harmed person(s) of case ${command.data.caseId}: ${tracking.harmedPersons.join(', ')}.`,
      {
        field: 'personId',
      },
    );
  }
  let checkInId = command.data.checkInId;
  if (checkInId !== undefined) {
    const planned = tracking.checkIns[checkInId];
    if (!planned)
      throw notFound('CHECK_IN_NOT_FOUND', `Case ${command.data.caseId} has no check-in ${checkInId}.`, {
        checkInId,
      });
    if (planned.recorded)
      throw conflict('CHECK_IN_ALREADY_RECORDED', `Check-in ${checkInId} was already recorded.`, {
        checkInId,
      });
  } else {
    const open = Object.entries(tracking.checkIns)
      .filter(([, c]) => !c.recorded && c.dueAt !== null)
      .sort(([, a], [, b]) => Date.parse(a.dueAt ?? '') - Date.parse(b.dueAt ?? ''));
    checkInId = open[0]?.[0] ?? command.data.extraCheckInId;
  }
  const recorded: FollowUpEvent = {
    type: 'CheckInRecorded',
    data: {
      caseId: command.data.caseId,
      checkInId,
      satisfaction: command.data.satisfaction,
      feelingOfSafety: command.data.feelingOfSafety,
      wellbeingChange: command.data.wellbeingChange,
      recordedAt: command.metadata.now,
    },
  };
  const notes = command.data.notes?.trim();
  const events: FollowUpEvent[] = [recorded];
  if (notes)
    events.push({
      type: 'CheckInNotesRecorded',
      data: { caseId: command.data.caseId, checkInId, harmedPersonId: personId, notes },
    });
  return [
    ...events,
    ...closeWhenComplete(
      evolveTracking(tracking, recorded),
      command.data.caseId,
      command.metadata.actor.id,
      command.metadata.now,
    ),
  ];
}

/** Every action resolved and every planned check-in recorded: the agreement is complete, or partly. */
function closeWhenComplete(tracking: Tracking, caseId: string, by: string, now: string): FollowUpEvent[] {
  const actions = Object.values(tracking.actions);
  if (actions.some((a) => a.result === null)) return [];
  if (Object.values(tracking.checkIns).some((c) => c.dueAt !== null && !c.recorded)) return [];
  const outcome: CaseOutcome = actions.every((a) => a.result === 'done')
    ? 'agreement-completed'
    : 'agreement-partly-completed';
  return [
    {
      type: 'CaseClosed',
      data: {
        caseId,
        outcome,
        closedBy: by,
        reason: 'Every agreed action resolved and every check-in recorded.',
        closedAt: now,
      },
    },
  ];
}

function evolveTracking(tracking: Tracking, event: FollowUpEvent): Tracking {
  switch (event.type) {
    case 'ActionReminderDue':
    case 'ActionOverdue':
    case 'ActionResolved': {
      const action = tracking.actions[event.data.actionId];
      if (!action) return tracking;
      const next: TrackedAction =
        event.type === 'ActionReminderDue'
          ? { ...action, reminded: true }
          : event.type === 'ActionOverdue'
            ? { ...action, overdue: true }
            : { ...action, result: event.data.result };
      return { ...tracking, actions: { ...tracking.actions, [event.data.actionId]: next } };
    }
    case 'CheckInDue':
    case 'CheckInMissed':
    case 'CheckInRecorded': {
      const checkIn: TrackedCheckIn = tracking.checkIns[event.data.checkInId] ?? {
        dueAt: null,
        due: false,
        missed: false,
        recorded: false,
      };
      const next: TrackedCheckIn =
        event.type === 'CheckInDue'
          ? { ...checkIn, due: true }
          : event.type === 'CheckInMissed'
            ? { ...checkIn, missed: true }
            : { ...checkIn, recorded: true };
      return { ...tracking, checkIns: { ...tracking.checkIns, [event.data.checkInId]: next } };
    }
    default:
      return tracking;
  }
}

export function evolve(state: FollowUpState, event: FollowUpEvent): FollowUpState {
  switch (event.type) {
    case 'CaseRegistered':
      return {
        ...state,
        registration: {
          referringAgency: event.data.referringAgency,
          receivingService: event.data.receivingService,
        },
        milestones: { ...state.milestones, 'consents-complete': event.data.consentsCompletedAt },
      };
    case 'MilestoneNoted':
      return { ...state, milestones: { ...state.milestones, [event.data.milestone]: event.data.at } };
    case 'FollowUpStarted': {
      const actions: Record<string, TrackedAction> = {};
      for (const a of event.data.actions)
        actions[a.actionId] = { dueBy: a.dueBy, reminded: false, overdue: false, result: null };
      const checkIns: Record<string, TrackedCheckIn> = {};
      for (const c of event.data.checkIns)
        checkIns[c.checkInId] = { dueAt: c.dueAt, due: false, missed: false, recorded: false };
      return {
        ...state,
        progress: {
          phase: 'tracking',
          tracking: { actions, harmedPersons: event.data.harmedPersons, checkIns },
        },
      };
    }
    case 'ActionReminderDue':
    case 'ActionOverdue':
    case 'ActionResolved':
    case 'CheckInDue':
    case 'CheckInMissed':
    case 'CheckInRecorded':
      return state.progress.phase === 'tracking'
        ? {
            ...state,
            progress: { phase: 'tracking', tracking: evolveTracking(state.progress.tracking, event) },
          }
        : state;
    case 'CheckInNotesRecorded':
      return state;
    case 'CaseClosed':
      return { ...state, progress: { phase: 'closed', outcome: event.data.outcome } };
    default:
      return assertNever(event, 'follow-up event');
  }
}

export const followUpDecider = { decide, evolve, initialState };
