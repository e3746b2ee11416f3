import { ArrayMaxSize, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { defineIntegrationEvent } from '../integration-event';
import { CaseProfile } from './common';
import { Nested, Reason, Text } from '../fields';

/** Intake publishes these on `accord.intake.events`; stored in `intake.Referral-<caseId>`. */

export class ReferralAcceptedV1 {
  @IsUUID() caseId!: string;
  @Nested(() => CaseProfile) profile!: CaseProfile;
  @Text(200) acceptedBy!: string;
  @IsISO8601() acceptedAt!: string;
}

export class ReferralDeclinedV1 {
  @IsUUID() caseId!: string;
  @Text(100) referringAgency!: string;
  @Reason() reason!: string;
  @Text(200) declinedBy!: string;
  @IsISO8601() declinedAt!: string;
}

export class ReferralAmendedV1 {
  @IsUUID() caseId!: string;
  @Nested(() => CaseProfile) profile!: CaseProfile;
  @Reason() reason!: string;
  @Text(200) amendedBy!: string;
  @IsISO8601() amendedAt!: string;
}

/** How a person said they may be contacted, in their order of preference. */
export const PARTICIPANT_CONTACT_METHODS = ['phone', 'email', 'letter', 'in-person'] as const;
export type ParticipantContactMethod = (typeof PARTICIPANT_CONTACT_METHODS)[number];

/**
 * One participant's contact preferences: no name. The addresses are not checked here (the referral
 * form checked them; whoever contacts the person judges what it can use and records why not).
 */
export class ParticipantContact {
  @IsUUID() personId!: string;
  @IsIn(PARTICIPANT_CONTACT_METHODS, { each: true }) @ArrayMaxSize(4) methods!: ParticipantContactMethod[];
  @IsOptional() @Text(320) email?: string;
  @IsOptional() @Text(50) phone?: string;
  @IsOptional() @Text(500) address?: string;
}

export class ParticipantContactsSharedV1 {
  @IsUUID() caseId!: string;
  @Nested(() => ParticipantContact, { each: true }) @ArrayMaxSize(50) participants!: ParticipantContact[];
  @IsISO8601() sharedAt!: string;
}

export const ReferralAccepted = defineIntegrationEvent({
  name: 'ReferralAccepted',
  version: 1,
  source: 'intake',
  schema: ReferralAcceptedV1,
  description:
    'The receiving RJ service accepted a referral; screening starts. Carries the case profile (no names).',
});

export const ReferralDeclined = defineIntegrationEvent({
  name: 'ReferralDeclined',
  version: 1,
  source: 'intake',
  schema: ReferralDeclinedV1,
  description: 'The receiving RJ service declined a referral, with its reason; the referrer is told.',
});

export const ReferralAmended = defineIntegrationEvent({
  name: 'ReferralAmended',
  version: 1,
  source: 'intake',
  schema: ReferralAmendedV1,
  description: 'An accepted referral changed; screening runs again under the rule set then current.',
});

export const ParticipantContactsShared = defineIntegrationEvent({
  name: 'ParticipantContactsShared',
  version: 1,
  source: 'intake',
  schema: ParticipantContactsSharedV1,
  description:
    'With an accepted referral: how each participant may be contacted (methods in their order, addresses; no names), for notifications. Encrypted per person.',
  personalData: [{ personIdPath: 'participants[*].personId', fields: ['email', 'phone', 'address'] }],
});

/** Who is told of a missed response deadline: the receiving service's addresses in the agency directory. */
class ResponseDeadlineFact {
  @IsUUID() caseId!: string;
  @Text(100) receivingService!: string;
  /** The deadline that passed: the service's response time in working days after the referral arrived. */
  @IsISO8601() respondBy!: string;
  /** Organisational mailboxes (not people in the case): the service's contact address, or its managers. */
  @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(320, { each: true }) notify!: string[];
}

export class ReferralOverdueV1 extends ResponseDeadlineFact {
  @IsISO8601() overdueAt!: string;
}

export class ReferralEscalatedV1 extends ResponseDeadlineFact {
  @IsISO8601() escalatedAt!: string;
}

export const ReferralOverdue = defineIntegrationEvent({
  name: 'ReferralOverdue',
  version: 1,
  source: 'intake',
  schema: ReferralOverdueV1,
  description:
    'A referral was neither accepted nor declined within the receiving service’s response time: the service is reminded (at its contact address).',
});

export const ReferralEscalated = defineIntegrationEvent({
  name: 'ReferralEscalated',
  version: 1,
  source: 'intake',
  schema: ReferralEscalatedV1,
  description:
    'An overdue referral is still undecided after the escalation period: the receiving service’s managers are told.',
});
