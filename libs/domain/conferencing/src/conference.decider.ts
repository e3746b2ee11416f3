import {
  assertNever,
  conflict,
  forbidden,
  notFound,
  unprocessable,
  type AgreementReachedV1,
  type ConferenceCancelledV1,
  type ConferenceMode,
  type ConferenceScheduledV1,
  type FacilitatorAssignedV1,
  type HaltReason,
  type NoAgreementV1,
} from '@accord/contracts';
import { harmedPersonsOf, isParticipant, needsSafetyPlan, type CaseFile } from './case-file';
import {
  chooseFacilitator,
  explainUnsuitability,
  unsuitability,
  type FacilitatorCandidate,
  type Unsuitability,
} from './facilitator-match';

/** Who asks, from the verified bearer token. */
export interface Actor {
  readonly id: string;
  readonly agency: string;
  readonly roles: readonly string[];
}

export interface AgreedActionInput {
  readonly actionId: string;
  readonly kind: AgreementReachedV1['actions'][number]['kind'];
  readonly what: string;
  readonly by: string;
  readonly dueBy: string;
}

export type ConferenceCommand =
  | {
      readonly type: 'StartConferencing';
      readonly caseId: string;
      readonly file: CaseFile;
      /** The receiving service's facilitators with their caseloads, for automatic assignment. */
      readonly facilitators: readonly FacilitatorCandidate[];
      readonly now: string;
    }
  | {
      readonly type: 'AssignFacilitator';
      readonly caseId: string;
      readonly facilitatorId: string;
      /** Null when no facilitator has that id. */
      readonly facilitator: FacilitatorCandidate | null;
      readonly reason: string;
      readonly actor: Actor;
      readonly now: string;
    }
  | {
      readonly type: 'ScheduleConference';
      readonly caseId: string;
      readonly mode: ConferenceMode;
      readonly at: string;
      readonly where: string;
      readonly participants: readonly string[];
      readonly safetyPlan?: string;
      readonly actor: Actor;
      readonly now: string;
    }
  | {
      readonly type: 'RecordOutcome';
      readonly caseId: string;
      readonly outcome:
        | { readonly result: 'agreement'; readonly actions: readonly AgreedActionInput[] }
        | { readonly result: 'no-agreement'; readonly reason: string | undefined };
      readonly actor: Actor;
      readonly now: string;
    }
  | {
      readonly type: 'CancelConference';
      readonly caseId: string;
      readonly reason: string;
      readonly actor: Actor;
      readonly now: string;
    }
  | {
      readonly type: 'HaltCase';
      readonly caseId: string;
      readonly reason: HaltReason;
      readonly explanation: string;
      readonly haltedAt: string;
    };

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
export type ConferenceEvent =
  | { readonly type: 'ConferencingOpened'; readonly data: ConferencingOpenedData }
  | { readonly type: 'FacilitatorAssigned'; readonly data: FacilitatorAssignedV1 }
  | { readonly type: 'FacilitatorUnavailable'; readonly data: FacilitatorUnavailableData }
  | { readonly type: 'ConferenceScheduled'; readonly data: ConferenceScheduledV1 }
  | { readonly type: 'SafetyPlanRecorded'; readonly data: SafetyPlanRecordedData }
  | { readonly type: 'ConferenceCancelled'; readonly data: ConferenceCancelledV1 }
  | { readonly type: 'AgreementReached'; readonly data: AgreementReachedV1 }
  | { readonly type: 'NoAgreement'; readonly data: NoAgreementV1 }
  | { readonly type: 'ConferencingHalted'; readonly data: ConferencingHaltedData };

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

const MAX_REASON = 2000;
const clip = (text: string): string =>
  text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 1)}…` : text;

export function decide(command: ConferenceCommand, state: ConferenceState): ConferenceEvent[] {
  switch (command.type) {
    case 'StartConferencing':
      return start(command, state);
    case 'HaltCase':
      return halt(command, state);
    case 'AssignFacilitator':
      return assign(command, openCase(state, command.actor, command.caseId));
    case 'ScheduleConference':
      return schedule(command, openCase(state, command.actor, command.caseId));
    case 'RecordOutcome':
      return recordOutcome(command, openCase(state, command.actor, command.caseId));
    case 'CancelConference':
      return cancel(command, openCase(state, command.actor, command.caseId));
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
      `Case ${command.caseId} was halted (${state.reason}); conferencing will not start.`,
      {
        caseId: command.caseId,
        haltReason: state.reason,
      },
    );
  }
  // Heard it already (a second ConsentsComplete): what was decided the first time stands.
  if (state.status !== 'unknown') return [];
  const opened: ConferenceEvent = {
    type: 'ConferencingOpened',
    data: { caseId: command.caseId, file: command.file, openedAt: command.now },
  };
  const choice = chooseFacilitator(command.facilitators, command.file);
  if (choice.kind === 'none') {
    return [
      opened,
      {
        type: 'FacilitatorUnavailable',
        data: {
          caseId: command.caseId,
          reasons: choice.reasons,
          explanation: choice.explanation,
          at: command.now,
        },
      },
    ];
  }
  return [
    opened,
    {
      type: 'FacilitatorAssigned',
      data: {
        caseId: command.caseId,
        facilitatorId: choice.facilitatorId,
        how: 'automatic',
        reason: clip(choice.explanation),
        assignedAt: command.now,
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
      caseId: command.caseId,
      reason: command.reason,
      explanation: command.explanation,
      haltedAt: command.haltedAt,
    },
  };
  if (state.status === 'open' && state.conference) {
    return [
      {
        type: 'ConferenceCancelled',
        data: {
          caseId: command.caseId,
          reason: clip(`Case halted (${command.reason}): ${command.explanation}`),
          cancelledAt: command.haltedAt,
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
function openCase(state: ConferenceState, actor: Actor, caseId: string): OpenCase {
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
function assertActsForCase(state: OpenCase, actor: Actor, caseId: string): void {
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
  if (!command.facilitator || command.facilitator.service !== state.file.receivingService) {
    throw unprocessable(
      'UNKNOWN_FACILITATOR',
      `${state.file.receivingService} has no facilitator ${command.facilitatorId}.`,
      {
        field: 'facilitatorId',
        facilitatorId: command.facilitatorId,
      },
    );
  }
  if (state.facilitatorId === command.facilitatorId) {
    throw conflict('ALREADY_ASSIGNED', `${command.facilitatorId} already holds case ${command.caseId}.`, {
      facilitatorId: command.facilitatorId,
    });
  }
  const reasons = unsuitability(command.facilitator, state.file);
  if (reasons.length > 0) {
    throw unprocessable(
      'FACILITATOR_NOT_SUITABLE',
      `${command.facilitatorId} may not take case ${command.caseId}: ${reasons.map(explainUnsuitability).join('; ')}.`,
      { field: 'facilitatorId', facilitatorId: command.facilitatorId, reasons },
    );
  }
  return [
    {
      type: 'FacilitatorAssigned',
      data: {
        caseId: command.caseId,
        facilitatorId: command.facilitatorId,
        ...(state.facilitatorId ? { previousFacilitatorId: state.facilitatorId } : {}),
        how: 'reassigned',
        reason: command.reason,
        assignedAt: command.now,
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
      `Case ${command.caseId} has no facilitator yet; a case-worker assigns one first.`,
      {
        caseId: command.caseId,
      },
    );
  }
  assertActsForCase(state, command.actor, command.caseId);
  const safetyPlan = command.safetyPlan?.trim();
  if (needsSafetyPlan(state.file) && !safetyPlan) {
    throw unprocessable(
      'SAFETY_PLAN_REQUIRED',
      `Case ${command.caseId} is ${state.file.riskLevel} risk${state.file.safetyPlanRequired ? ' and screening requires a safety plan' : ''}: send a safetyPlan with the schedule.`,
      {
        field: 'safetyPlan',
        riskLevel: state.file.riskLevel,
        safetyPlanRequired: state.file.safetyPlanRequired,
      },
    );
  }
  const strangers = command.participants.filter((personId) => !isParticipant(state.file, personId));
  if (strangers.length > 0) {
    throw unprocessable(
      'UNKNOWN_PARTICIPANT',
      `Not participants of case ${command.caseId}: ${strangers.join(', ')}.`,
      {
        field: 'participants',
        unknown: strangers,
      },
    );
  }
  if (Date.parse(command.at) <= Date.parse(command.now)) {
    throw unprocessable(
      'CONFERENCE_IN_THE_PAST',
      `The conference time ${command.at} has passed; choose a time after ${command.now}.`,
      { field: 'at' },
    );
  }
  const scheduled: ConferenceEvent = {
    type: 'ConferenceScheduled',
    data: {
      caseId: command.caseId,
      mode: command.mode,
      at: command.at,
      where: command.where,
      participants: [...command.participants],
      scheduledAt: command.now,
    },
  };
  if (!safetyPlan) return [scheduled];
  return [
    scheduled,
    {
      type: 'SafetyPlanRecorded',
      data: { caseId: command.caseId, safetyPlan, recordedBy: command.actor.id, recordedAt: command.now },
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
      `Case ${command.caseId} has no scheduled conference to record an outcome for.`,
      {
        caseId: command.caseId,
      },
    );
  }
  assertActsForCase(state, command.actor, command.caseId);
  const outcome = command.outcome;
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
      const late = outcome.actions.filter((action) => Date.parse(action.dueBy) <= Date.parse(command.now));
      if (late.length > 0) {
        throw unprocessable('DUE_DATE_IN_THE_PAST', `Every action's dueBy must be after ${command.now}.`, {
          field: 'actions.dueBy',
          dueBy: late.map((action) => action.dueBy),
        });
      }
      const harmedPersons = harmedPersonsOf(state.file);
      if (harmedPersons.length === 0) {
        throw unprocessable(
          'NO_HARMED_PERSON',
          `Case ${command.caseId} names no harmed person; follow-up could not check in with anyone.`,
        );
      }
      return [
        {
          type: 'AgreementReached',
          data: {
            caseId: command.caseId,
            actions: outcome.actions.map((action) => ({ ...action })),
            harmedPersons,
            heldAt: command.now,
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
      return [{ type: 'NoAgreement', data: { caseId: command.caseId, reason, heldAt: command.now } }];
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
      `Case ${command.caseId} has no scheduled conference to cancel.`,
      { caseId: command.caseId },
    );
  }
  assertActsForCase(state, command.actor, command.caseId);
  return [
    {
      type: 'ConferenceCancelled',
      data: { caseId: command.caseId, reason: command.reason, cancelledAt: command.now },
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
