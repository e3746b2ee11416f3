import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { defineIntegrationEvents } from '../integration-event';
import { Reason, Text } from '../fields';

export const CASE_OUTCOMES = [
  'agreement-completed',
  'agreement-partly-completed',
  'no-agreement',
  'halted',
  'closed-by-decision',
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** How a harmed person says they feel since the conference, at a check-in. */
export const WELLBEING_CHANGES = ['better', 'same', 'worse'] as const;
export type WellbeingChange = (typeof WELLBEING_CHANGES)[number];

export class ActionResolvedV1 {
  @IsUUID() caseId!: string;
  @IsUUID() actionId!: string;
  @IsIn(['done', 'missed']) result!: 'done' | 'missed';
  @Text(200) recordedBy!: string;
  @IsISO8601() resolvedAt!: string;
}

export class ActionOverdueV1 {
  @IsUUID() caseId!: string;
  @IsUUID() actionId!: string;
  @IsISO8601() dueBy!: string;
}

export class CheckInRecordedV1 {
  @IsUUID() caseId!: string;
  @IsUUID() checkInId!: string;
  @IsInt() @Min(1) @Max(5) satisfaction!: number;
  @IsInt() @Min(1) @Max(5) feelingOfSafety!: number;
  @IsIn(WELLBEING_CHANGES) wellbeingChange!: WellbeingChange;
  @IsISO8601() recordedAt!: string;
}

export class CaseClosedV1 {
  @IsUUID() caseId!: string;
  @IsIn(CASE_OUTCOMES) outcome!: CaseOutcome;
  @Text(200) closedBy!: string;
  @IsOptional() @Reason() reason?: string;
  @IsISO8601() closedAt!: string;
}

export const { ActionResolved, ActionOverdue, CheckInRecorded, CaseClosed } = defineIntegrationEvents(
  'follow-up',
  {
    ActionResolved: {
      schema: ActionResolvedV1,
      description: 'An agreed action was done, or missed.',
    },
    ActionOverdue: {
      schema: ActionOverdueV1,
      description: 'An agreed action passed its due date unresolved.',
    },
    CheckInRecorded: {
      schema: CheckInRecordedV1,
      description:
        'A check-in with the harmed person: satisfaction, safety, wellbeing (free text stays in follow-up).',
    },
    CaseClosed: {
      schema: CaseClosedV1,
      description: 'The case is closed with its outcome; the referrer is told.',
    },
  },
);
