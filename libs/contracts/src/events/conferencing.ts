import { ArrayMinSize, IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { defineIntegrationEvents } from '../integration-event';
import { Nested, Reason, Text } from '../fields';

export const CONFERENCE_MODES = [
  'face-to-face',
  'circle',
  'mediation',
  'indirect-shuttle',
  'indirect-letters',
] as const;
export type ConferenceMode = (typeof CONFERENCE_MODES)[number];

export const ACTION_KINDS = ['apology', 'reparation', 'compensation', 'community-work', 'other'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export class FacilitatorAssignedV1 {
  @IsUUID() caseId!: string;
  @Text(100) facilitatorId!: string;
  @IsOptional() @Text(100) previousFacilitatorId?: string;
  @IsIn(['automatic', 'reassigned']) how!: 'automatic' | 'reassigned';
  @IsOptional() @Text(2000) reason?: string;
  @IsISO8601() assignedAt!: string;
}

export class ConferenceScheduledV1 {
  @IsUUID() caseId!: string;
  @IsIn(CONFERENCE_MODES) mode!: ConferenceMode;
  @IsISO8601() at!: string;
  /** Place, or the medium for indirect work. */
  @Text(500) where!: string;
  @IsUUID('all', { each: true }) @ArrayMinSize(1) participants!: string[];
  @IsISO8601() scheduledAt!: string;
}

export class ConferenceCancelledV1 {
  @IsUUID() caseId!: string;
  @Reason() reason!: string;
  @IsISO8601() cancelledAt!: string;
}

export class AgreedAction {
  @IsUUID() actionId!: string;
  @IsIn(ACTION_KINDS) kind!: ActionKind;
  @Reason() what!: string;
  /** Who does it (usually the responsible person). */
  @IsUUID() by!: string;
  @IsISO8601({ strict: true }) dueBy!: string;
}

export class AgreementReachedV1 {
  @IsUUID() caseId!: string;
  @Nested(() => AgreedAction, { each: true }) @ArrayMinSize(1) actions!: AgreedAction[];
  @IsUUID('all', { each: true }) @ArrayMinSize(1) harmedPersons!: string[];
  @IsISO8601() heldAt!: string;
}

export class NoAgreementV1 {
  @IsUUID() caseId!: string;
  @Reason() reason!: string;
  @IsISO8601() heldAt!: string;
}

export const {
  FacilitatorAssigned,
  ConferenceScheduled,
  ConferenceCancelled,
  AgreementReached,
  NoAgreement,
} = defineIntegrationEvents('conferencing', {
  FacilitatorAssigned: {
    schema: FacilitatorAssignedV1,
    description: 'A facilitator (accredited, under capacity, no conflict of interest) now holds the case.',
  },
  ConferenceScheduled: {
    schema: ConferenceScheduledV1,
    description: 'When, where or how the parties meet (or exchange messages).',
  },
  ConferenceCancelled: {
    schema: ConferenceCancelledV1,
    description: 'A scheduled conference will not happen (e.g. consent withdrawn).',
  },
  AgreementReached: {
    schema: AgreementReachedV1,
    description: 'An outcome agreement: actions with who, what and when. Follow-up starts.',
  },
  NoAgreement: {
    schema: NoAgreementV1,
    description: 'The conference ended without an agreement, with the reason.',
  },
});
