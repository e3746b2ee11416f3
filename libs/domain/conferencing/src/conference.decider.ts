import {
  assertNever,
  clipReason,
  conflict,
  forbidden,
  notFound,
  unprocessable,
  type AgreementReachedV1,
  type Command,
  type CommandMetadata,
  type ConferenceCancelledV1,
  type ConferenceMode,
  type ConferenceScheduledV1,
  type FacilitatorAssignedV1,
  type HaltReason,
  type NoAgreementV1,
  type Events,
} from '@accord/contracts';
import { harmedPersonsOf, isParticipant, needsSafetyPlan, type CaseFile } from './case-file';
import {
  chooseFacilitator,
  explainUnsuitability,
  unsuitability,
  type FacilitatorCandidate,
  type Unsuitability,
} from './facilitator-match';

/** Who asks: the metadata's actor, for its agency. */
interface Caller {
  readonly id: string;
  readonly agency: string | undefined;
  readonly roles: readonly string[];
}

const callerOf = ({ actor, agency }: CommandMetadata): Caller => ({
  id: actor.id,
  roles: actor.roles,
  agency,
});

export interface AgreedActionInput {
  readonly actionId: string;
  readonly kind: AgreementReachedV1['actions'][number]['kind'];
  readonly what: string;
  readonly by: string;
  readonly dueBy: string;
}

export type ConferenceCommand =
  | Command<
      'StartConferencing',
      {
        readonly caseId: string;
        readonly file: CaseFile;
        /** The receiving service's facilitators with their caseloads, for automatic assignment. */
        readonly facilitators: readonly FacilitatorCandidate[];
      }
    >
  | Command<
      'AssignFacilitator',
      {
        readonly caseId: string;
        readonly facilitatorId: string;
        /** Null when no facilitator has that id. */
        readonly facilitator: FacilitatorCandidate | null;
        readonly reason: string;
      }
    >
  | Command<
      'ScheduleConference',
      {
        readonly caseId: string;
        readonly mode: ConferenceMode;
        readonly at: string;
        readonly where: string;
        readonly participants: readonly string[];
        readonly safetyPlan?: string;
      }
    >
  | Command<
      'RecordOutcome',
      {
        readonly caseId: string;
        readonly outcome:
          | { readonly result: 'agreement'; readonly actions: readonly AgreedActionInput[] }
          | { readonly result: 'no-agreement'; readonly reason: string | undefined };
      }
    >
  | Command<'CancelConference', { readonly caseId: string; readonly reason: string }>
  | Command<
      'HaltCase',
      {
        readonly caseId: string;
        readonly reason: HaltReason;
        readonly explanation: string;
        readonly haltedAt: string;
      }
    >;

export interface ConferencingOpenedData {
  readonly caseId: string;
  readonly file: CaseFile;
  readonly openedAt: string;
}

export interface FacilitatorUnavailableData {
  readonly caseId: string;
  readonly reasons: ReadonlyArray<{
    readonly facilitatorId: string;
    readonly reasons: readonly Unsuitability[];
  }>;
  readonly explanation: string;
  readonly at: string;
}

export interface SafetyPlanRecordedData {
  readonly caseId: string;
  readonly safetyPlan: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

export interface ConferencingHaltedData {
  readonly caseId: string;
  readonly reason: HaltReason;
  readonly explanation: string;
  readonly haltedAt: string;
}

/**
 * Published (libs/contracts): FacilitatorAssigned, ConferenceScheduled, ConferenceCancelled,
 * AgreementReached, NoAgreement — their data is exactly the contract, since consumers refuse extra
 * fields. Internal: ConferencingOpened, FacilitatorUnavailable, SafetyPlanRecorded, ConferencingHalted.
 */
export type ConferenceEvent = Events<{
  ConferencingOpened: ConferencingOpenedData;
  FacilitatorAssigned: FacilitatorAssignedV1;
  FacilitatorUnavailable: FacilitatorUnavailableData;
  ConferenceScheduled: ConferenceScheduledV1;
  SafetyPlanRecorded: SafetyPlanRecordedData;
  ConferenceCancelled: ConferenceCancelledV1;
  AgreementReached: AgreementReachedV1;
  NoAgreement: NoAgreementV1;
  ConferencingHalted: ConferencingHaltedData;
}>;

export interface ScheduledConference {
  readonly mode: ConferenceMode;
  readonly at: string;
  readonly where: string;
  readonly participants: readonly string[];
}

export type ConferenceState =
  | { readonly status: 'unknown' }
  | {
      readonly status: 'open';
      readonly file: CaseFile;
      readonly facilitatorId: string | null;
      readonly conference: ScheduledConference | null;
    }
  | {
      readonly status: 'concluded';
      readonly file: CaseFile;
      readonly facilitatorId: string | null;
      readonly result: 'agreement' | 'no-agreement';
    }
  /** `file` is null when the halt arrived before conferencing heard of the case. */
  | { readonly status: 'halted'; readonly file: CaseFile | null; readonly reason: HaltReason };

export const initialState: ConferenceState = { status: 'unknown' };

export function decide(command: ConferenceCommand, state: ConferenceState): ConferenceEvent[] {
  switch (command.type) {
    case 'StartConferencing':
      return start(command, state);
    case 'HaltCase':
      return halt(command, state);
    case 'AssignFacilitator':
      return assign(command, openCase(state, callerOf(command.metadata), command.data.caseId));
    case 'ScheduleConference':
      return schedule(command, openCase(state, callerOf(command.metadata), command.data.caseId));
    case 'RecordOutcome':
      return recordOutcome(command, openCase(state, callerOf(command.metadata), command.data.caseId));
    case 'CancelConference':
      return cancel(command, openCase(state, callerOf(command.metadata), command.data.caseId));
    default:
      return assertNever(command, 'conference command');
  }
}

function start(
  command: Extract<ConferenceCommand, { type: 'StartConferencing' }>,
  state: ConferenceState,
): ConferenceEvent[] {
  if (state.status === 'halted') {
    throw conflict(
      'CASE_HALTED',
      `Case ${command.data.caseId} was halted (${state.reason}); conferencing will not start.`,
      {
        caseId: command.data.caseId,
        haltReason: state.reason,
      },
    );
  }
  // Heard it already (a second ConsentsComplete): what was decided the first time stands.
  if (state.status !== 'unknown') return [];
  const opened: ConferenceEvent = {
    type: 'ConferencingOpened',
    data: { caseId: command.data.caseId, file: command.data.file, openedAt: command.metadata.now },
  };
  const choice = chooseFacilitator(command.data.facilitators, command.data.file);
  if (choice.kind === 'none') {
    return [
      opened,
      {
        type: 'FacilitatorUnavailable',
        data: {
          caseId: command.data.caseId,
          reasons: choice.reasons,
          explanation: choice.explanation,
          at: command.metadata.now,
        },
      },
    ];
  }
  return [
    opened,
    {
      type: 'FacilitatorAssigned',
      data: {
        caseId: command.data.caseId,
        facilitatorId: choice.facilitatorId,
        how: 'automatic',
        reason: clipReason(choice.explanation),
        assignedAt: command.metadata.now,
      },
    },
  ];
}

function halt(
  command: Extract<ConferenceCommand, { type: 'HaltCase' }>,
  state: ConferenceState,
): ConferenceEvent[] {
  if (state.status === 'halted') return [];
  const halted: ConferenceEvent = {
    type: 'ConferencingHalted',
    data: {
      caseId: command.data.caseId,
      reason: command.data.reason,
      explanation: command.data.explanation,
      haltedAt: command.data.haltedAt,
    },
  };
  if (state.status === 'open' && state.conference) {
    return [
      {
        type: 'ConferenceCancelled',
        data: {
          caseId: command.data.caseId,
          reason: clipReason(`Case halted (${command.data.reason}): ${command.data.explanation}`),
          cancelledAt: command.data.haltedAt,
        },
      },
      halted,
    ];
  }
  return [halted];
}

type OpenCase = Extract<ConferenceState, { status: 'open' }>;

/**
 * The case as the receiving service sees it. An agency that does not receive the case gets the
 * same 404 as for a case that does not exist: it may not learn that the case exists.
 */
function openCase(state: ConferenceState, actor: Caller, caseId: string): OpenCase {
  const file = state.status === 'unknown' ? null : state.file;
  if (!file || file.receivingService !== actor.agency) {
    throw notFound('CASE_NOT_FOUND', `No case ${caseId} in conferencing for ${actor.agency}.`, { caseId });
  }
  switch (state.status) {
    case 'open':
      return state;
    case 'halted':
      throw conflict(
        'CASE_HALTED',
        `Case ${caseId} was halted (${state.reason}); nothing more can be arranged.`,
        { caseId, haltReason: state.reason },
      );
    case 'concluded':
      throw conflict(
        'CONFERENCE_CONCLUDED',
        `Case ${caseId} already has its outcome (${state.result}); follow-up holds it now.`,
        {
          caseId,
          result: state.result,
        },
      );
    case 'unknown':
      throw notFound('CASE_NOT_FOUND', `No case ${caseId} in conferencing for ${actor.agency}.`, { caseId });
    default:
      return assertNever(state, 'conference state');
  }
}

/** Case-workers act on any case of their service; a facilitator only on the cases assigned to them. */
function assertActsForCase(state: OpenCase, actor: Caller, caseId: string): void {
  if (actor.roles.includes('case-worker')) return;
  if (state.facilitatorId !== actor.id) {
    throw forbidden(
      'NOT_THE_ASSIGNED_FACILITATOR',
      `Only the facilitator assigned to case ${caseId}, or a case-worker, may do this.`,
      {
        caseId,
        assignedFacilitator: state.facilitatorId,
      },
    );
  }
}

function assign(
  command: Extract<ConferenceCommand, { type: 'AssignFacilitator' }>,
  state: OpenCase,
): ConferenceEvent[] {
  if (!command.data.facilitator || command.data.facilitator.service !== state.file.receivingService) {
    throw unprocessable(
      'UNKNOWN_FACILITATOR',
      `${state.file.receivingService} has no facilitator ${command.data.facilitatorId}.`,
      {
        field: 'facilitatorId',
        facilitatorId: command.data.facilitatorId,
      },
    );
  }
  if (state.facilitatorId === command.data.facilitatorId) {
    throw conflict(
      'ALREADY_ASSIGNED',
      `${command.data.facilitatorId} already holds case ${command.data.caseId}.`,
      {
        facilitatorId: command.data.facilitatorId,
      },
    );
  }
  const reasons = unsuitability(command.data.facilitator, state.file);
  if (reasons.length > 0) {
    throw unprocessable(
      'FACILITATOR_NOT_SUITABLE',
      `${command.data.facilitatorId} may not take case ${command.data.caseId}: ${reasons.map(explainUnsuitability).join('; ')}.`,
      { field: 'facilitatorId', facilitatorId: command.data.facilitatorId, reasons },
    );
  }
  return [
    {
      type: 'FacilitatorAssigned',
      data: {
        caseId: command.data.caseId,
        facilitatorId: command.data.facilitatorId,
        ...(state.facilitatorId ? { previousFacilitatorId: state.facilitatorId } : {}),
        how: 'reassigned',
        reason: command.data.reason,
        assignedAt: command.metadata.now,
      },
    },
  ];
}

function schedule(
  command: Extract<ConferenceCommand, { type: 'ScheduleConference' }>,
  state: OpenCase,
): ConferenceEvent[] {
  if (!state.facilitatorId) {
    throw conflict(
      'NO_FACILITATOR_ASSIGNED',
      `Case ${command.data.caseId} has no facilitator yet; a case-worker assigns one first.`,
      {
        caseId: command.data.caseId,
      },
    );
  }
  assertActsForCase(state, callerOf(command.metadata), command.data.caseId);
  const safetyPlan = command.data.safetyPlan?.trim();
  if (needsSafetyPlan(state.file) && !safetyPlan) {
    throw unprocessable(
      'SAFETY_PLAN_REQUIRED',
      `Case ${command.data.caseId} is ${state.file.riskLevel} risk${state.file.safetyPlanRequired ? ' and screening requires a safety plan' : ''}: send a safetyPlan with the schedule.`,
      {
        field: 'safetyPlan',
        riskLevel: state.file.riskLevel,
        safetyPlanRequired: state.file.safetyPlanRequired,
      },
    );
  }
  const strangers = command.data.participants.filter((personId) => !isParticipant(state.file, personId));
  if (strangers.length > 0) {
    throw unprocessable(
      'UNKNOWN_PARTICIPANT',
      `Not participants of case ${command.data.caseId}: ${strangers.join(', ')}.`,
      {
        field: 'participants',
        unknown: strangers,
      },
    );
  }
  if (Date.parse(command.data.at) <= Date.parse(command.metadata.now)) {
    throw unprocessable(
      'CONFERENCE_IN_THE_PAST',
      `The conference time ${command.data.at} has passed; choose a time after ${command.metadata.now}.`,
      { field: 'at' },
    );
  }
  const scheduled: ConferenceEvent = {
    type: 'ConferenceScheduled',
    data: {
      caseId: command.data.caseId,
      mode: command.data.mode,
      at: command.data.at,
      where: command.data.where,
      participants: [...command.data.participants],
      scheduledAt: command.metadata.now,
    },
  };
  if (!safetyPlan) return [scheduled];
  return [
    scheduled,
    {
      type: 'SafetyPlanRecorded',
      data: {
        caseId: command.data.caseId,
        safetyPlan,
        recordedBy: command.metadata.actor.id,
        recordedAt: command.metadata.now,
      },
    },
  ];
}

function recordOutcome(
  command: Extract<ConferenceCommand, { type: 'RecordOutcome' }>,
  state: OpenCase,
): ConferenceEvent[] {
  if (!state.conference) {
    throw conflict(
      'NO_CONFERENCE_SCHEDULED',
      `Case ${command.data.caseId} has no scheduled conference to record an outcome for.`,
      {
        caseId: command.data.caseId,
      },
    );
  }
  assertActsForCase(state, callerOf(command.metadata), command.data.caseId);
  const outcome = command.data.outcome;
  switch (outcome.result) {
    case 'agreement': {
      if (outcome.actions.length === 0) {
        throw unprocessable(
          'ACTIONS_REQUIRED',
          'An agreement lists at least one action (what, by whom, by when).',
          { field: 'actions' },
        );
      }
      const strangers = outcome.actions
        .filter((action) => !isParticipant(state.file, action.by))
        .map((action) => action.by);
      if (strangers.length > 0) {
        throw unprocessable(
          'UNKNOWN_PARTICIPANT',
          `Actions must be taken by participants of the case; unknown: ${strangers.join(', ')}.`,
          {
            field: 'actions.by',
            unknown: strangers,
          },
        );
      }
      const late = outcome.actions.filter(
        (action) => Date.parse(action.dueBy) <= Date.parse(command.metadata.now),
      );
      if (late.length > 0) {
        throw unprocessable(
          'DUE_DATE_IN_THE_PAST',
          `Every action's dueBy must be after ${command.metadata.now}.`,
          {
            field: 'actions.dueBy',
            dueBy: late.map((action) => action.dueBy),
          },
        );
      }
      const harmedPersons = harmedPersonsOf(state.file);
      if (harmedPersons.length === 0) {
        throw unprocessable(
          'NO_HARMED_PERSON',
          `Case ${command.data.caseId} names no harmed person; follow-up could not check in with anyone.`,
        );
      }
      return [
        {
          type: 'AgreementReached',
          data: {
            caseId: command.data.caseId,
            actions: outcome.actions.map((action) => ({ ...action })),
            harmedPersons,
            heldAt: command.metadata.now,
          },
        },
      ];
    }
    case 'no-agreement': {
      const reason = outcome.reason?.trim() ?? '';
      if (reason.length < 3) {
        throw unprocessable(
          'REASON_REQUIRED',
          'Say why no agreement was reached (reason, at least 3 characters).',
          { field: 'reason' },
        );
      }
      return [
        { type: 'NoAgreement', data: { caseId: command.data.caseId, reason, heldAt: command.metadata.now } },
      ];
    }
    default:
      return assertNever(outcome, 'outcome');
  }
}

function cancel(
  command: Extract<ConferenceCommand, { type: 'CancelConference' }>,
  state: OpenCase,
): ConferenceEvent[] {
  if (!state.conference) {
    throw conflict(
      'NO_CONFERENCE_SCHEDULED',
      `Case ${command.data.caseId} has no scheduled conference to cancel.`,
      { caseId: command.data.caseId },
    );
  }
  assertActsForCase(state, callerOf(command.metadata), command.data.caseId);
  return [
    {
      type: 'ConferenceCancelled',
      data: { caseId: command.data.caseId, reason: command.data.reason, cancelledAt: command.metadata.now },
    },
  ];
}

export function evolve(state: ConferenceState, event: ConferenceEvent): ConferenceState {
  switch (event.type) {
    case 'ConferencingOpened':
      return { status: 'open', file: event.data.file, facilitatorId: null, conference: null };
    case 'FacilitatorAssigned':
      return state.status === 'open' ? { ...state, facilitatorId: event.data.facilitatorId } : state;
    case 'FacilitatorUnavailable':
    case 'SafetyPlanRecorded':
      return state;
    case 'ConferenceScheduled':
      return state.status === 'open'
        ? {
            ...state,
            conference: {
              mode: event.data.mode,
              at: event.data.at,
              where: event.data.where,
              participants: event.data.participants,
            },
          }
        : state;
    case 'ConferenceCancelled':
      return state.status === 'open' ? { ...state, conference: null } : state;
    case 'AgreementReached':
      return state.status === 'open'
        ? { status: 'concluded', file: state.file, facilitatorId: state.facilitatorId, result: 'agreement' }
        : state;
    case 'NoAgreement':
      return state.status === 'open'
        ? {
            status: 'concluded',
            file: state.file,
            facilitatorId: state.facilitatorId,
            result: 'no-agreement',
          }
        : state;
    case 'ConferencingHalted':
      return {
        status: 'halted',
        file: state.status === 'unknown' ? null : state.file,
        reason: event.data.reason,
      };
    default:
      return assertNever(event, 'conference event');
  }
}

export const conferenceDecider = { decide, evolve, initialState };
