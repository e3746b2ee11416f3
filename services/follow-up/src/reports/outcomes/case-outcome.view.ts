import { assertNever, type CaseOutcome } from '@accord/contracts';
import type { FollowUpEvent, Milestone } from '@accord/follow-up-domain';

export const STAGES = ['awaiting-agreement', 'follow-up', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

/** One case as the outcomes report counts it. Nothing personal: scores, counts and times only. */
export interface CaseOutcomeView {
  caseId: string;
  version: number;
  referringAgency: string | null;
  receivingService: string | null;
  offenceCategory: string | null;
  stage: Stage;
  outcome: CaseOutcome | null;
  /** The case's place in time for the report's period: when consents completed, else when follow-up first heard of it. */
  openedAt: Date;
  consentsCompletedAt: Date | null;
  facilitatorAssignedAt: Date | null;
  conferenceScheduledAt: Date | null;
  conferenceHeldAt: Date | null;
  closedAt: Date | null;
  actionsTotal: number;
  actionsDone: number;
  actionsMissed: number;
  actionsOverdue: number;
  checkInsRecorded: number;
  satisfactionSum: number;
  feelingOfSafetySum: number;
  updatedAt: Date;
}

const MILESTONE_FIELD: Record<
  Milestone,
  'consentsCompletedAt' | 'facilitatorAssignedAt' | 'conferenceScheduledAt' | 'conferenceHeldAt'
> = {
  'consents-complete': 'consentsCompletedAt',
  'facilitator-assigned': 'facilitatorAssignedAt',
  'conference-scheduled': 'conferenceScheduledAt',
  'conference-held': 'conferenceHeldAt',
};

function emptyView(caseId: string, version: number, recordedAt: Date): CaseOutcomeView {
  return {
    caseId,
    version,
    referringAgency: null,
    receivingService: null,
    offenceCategory: null,
    stage: 'awaiting-agreement',
    outcome: null,
    openedAt: recordedAt,
    consentsCompletedAt: null,
    facilitatorAssignedAt: null,
    conferenceScheduledAt: null,
    conferenceHeldAt: null,
    closedAt: null,
    actionsTotal: 0,
    actionsDone: 0,
    actionsMissed: 0,
    actionsOverdue: 0,
    checkInsRecorded: 0,
    satisfactionSum: 0,
    feelingOfSafetySum: 0,
    updatedAt: recordedAt,
  };
}

/** The report row after one more event of the case's follow-up stream (pure). */
export function nextOutcomeView(
  view: CaseOutcomeView | null,
  event: FollowUpEvent,
  version: number,
  recordedAt: Date,
): CaseOutcomeView {
  const base = {
    ...(view ?? emptyView(event.data.caseId, version, recordedAt)),
    version,
    updatedAt: recordedAt,
  };
  switch (event.type) {
    case 'CaseRegistered': {
      const consentsCompletedAt = new Date(event.data.consentsCompletedAt);
      return {
        ...base,
        referringAgency: event.data.referringAgency,
        receivingService: event.data.receivingService,
        offenceCategory: event.data.offenceCategory,
        consentsCompletedAt,
        openedAt: consentsCompletedAt,
      };
    }
    case 'MilestoneNoted':
      return { ...base, [MILESTONE_FIELD[event.data.milestone]]: new Date(event.data.at) };
    case 'FollowUpStarted':
      return {
        ...base,
        stage: base.stage === 'closed' ? 'closed' : 'follow-up',
        actionsTotal: event.data.actions.length,
      };
    case 'ActionOverdue':
      return { ...base, actionsOverdue: base.actionsOverdue + 1 };
    case 'ActionResolved':
      return event.data.result === 'done'
        ? { ...base, actionsDone: base.actionsDone + 1 }
        : { ...base, actionsMissed: base.actionsMissed + 1 };
    case 'CheckInRecorded':
      return {
        ...base,
        checkInsRecorded: base.checkInsRecorded + 1,
        satisfactionSum: base.satisfactionSum + event.data.satisfaction,
        feelingOfSafetySum: base.feelingOfSafetySum + event.data.feelingOfSafety,
      };
    case 'CaseClosed':
      return {
        ...base,
        stage: 'closed',
        outcome: event.data.outcome,
        closedAt: new Date(event.data.closedAt),
      };
    case 'ActionReminderDue':
    case 'CheckInDue':
    case 'CheckInMissed':
    case 'CheckInNotesRecorded':
      return base;
    default:
      return assertNever(event, 'follow-up event');
  }
}
