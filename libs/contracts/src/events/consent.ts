import { ArrayMaxSize, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { defineIntegrationEvents } from '../integration-event';
import { PARTICIPANT_ROLES, type ParticipantRole } from './case-vocabulary';
import { CaseProfile } from './common';
import { ScreeningRequirements } from './screening';
import { Nested, Reason, Text } from '../fields';

export const CONSENT_PURPOSES = ['participation', 'information-sharing'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CONSENT_METHODS = ['in-person', 'phone', 'written'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const HALT_REASONS = [
  'harmed-person-declined',
  'consent-declined',
  'consent-withdrawn',
  'consent-expired',
] as const;
export type HaltReason = (typeof HALT_REASONS)[number];

/** Sharing consent: which information, with which agency. */
export class SharingScope {
  @Text(100) agency!: string;
  @IsString({ each: true }) @MaxLength(100, { each: true }) @ArrayMaxSize(20) information!: string[];
}

class ConsentFact {
  @IsUUID() caseId!: string;
  @IsUUID() personId!: string;
  @IsIn(PARTICIPANT_ROLES) role!: ParticipantRole;
  @IsIn(CONSENT_PURPOSES) purpose!: ConsentPurpose;
  @IsOptional() @Nested(() => SharingScope) sharing?: SharingScope;
  @IsIn(CONSENT_METHODS) method!: ConsentMethod;
  /** Consent officer who took it. */
  @Text(200) recordedBy!: string;
  @IsISO8601() recordedAt!: string;
}

export class ConsentGivenV1 extends ConsentFact {}
export class ConsentDeclinedV1 extends ConsentFact {}
export class ConsentWithdrawnV1 extends ConsentFact {
  @IsOptional() @Text(2000) reason?: string;
}

export class ConsentsCompleteV1 {
  @IsUUID() caseId!: string;
  @Nested(() => CaseProfile) profile!: CaseProfile;
  @Nested(() => ScreeningRequirements) requirements!: ScreeningRequirements;
  @IsISO8601() completedAt!: string;
}

/** The case stops where it stands: every later step cancels what it has scheduled. */
export class CaseHaltedV1 {
  @IsUUID() caseId!: string;
  @IsIn(HALT_REASONS) reason!: HaltReason;
  @IsOptional() @IsUUID() personId?: string;
  @Reason() explanation!: string;
  @IsISO8601() haltedAt!: string;
}

export const { ConsentGiven, ConsentDeclined, ConsentWithdrawn, ConsentsComplete, CaseHalted } =
  defineIntegrationEvents('consent', {
    ConsentGiven: {
      schema: ConsentGivenV1,
      description:
        'A participant consented to one purpose (taking part, or sharing named information with a named agency).',
    },
    ConsentDeclined: {
      schema: ConsentDeclinedV1,
      description: 'A participant declined a purpose.',
    },
    ConsentWithdrawn: {
      schema: ConsentWithdrawnV1,
      description: 'A participant withdrew consent, with immediate effect.',
    },
    ConsentsComplete: {
      schema: ConsentsCompleteV1,
      description: 'Every required participant consented to take part: conferencing starts.',
    },
    CaseHalted: {
      schema: CaseHaltedV1,
      description:
        'Consent declined by the harmed person, withdrawn, or expired: the case stops where it stands.',
    },
  });
