import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Text } from '../fields';

/** Offence categories a referral can name (fixed list; "other" with a summary). */
export const OFFENCE_CATEGORIES = [
  'domestic-abuse',
  'sexual-offence',
  'hate-crime',
  'violence',
  'property',
  'other',
] as const;
export type OffenceCategory = (typeof OFFENCE_CATEGORIES)[number];

/** Categories that need specialist-accredited facilitators and a manager's review. */
export const SPECIALIST_CATEGORIES: readonly OffenceCategory[] = [
  'domestic-abuse',
  'sexual-offence',
  'hate-crime',
];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const PARTICIPANT_ROLES = ['harmed', 'responsible', 'supporter', 'guardian'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/**
 * A person in a case as other services see them: the minimum they need, no names or contact
 * details (those stay in intake, encrypted per person).
 */
export class CaseParticipant {
  @IsUUID() personId!: string;
  @IsIn(PARTICIPANT_ROLES) role!: ParticipantRole;
  /** Whole years at the referral date; under 18 needs a guardian's consent. */
  @IsInt() @Min(0) @Max(130) ageAtReferral!: number;
  /** For a guardian or supporter: the participant they are there for. */
  @IsOptional() @IsUUID() supports?: string;
  /** Responsible person: accepts responsibility for the harm. */
  @IsOptional() @IsBoolean() acceptsResponsibility?: boolean;
  /** Harmed person: willing to be contacted about restorative justice. */
  @IsOptional() @IsBoolean() willingToBeContacted?: boolean;
  /** BCP 47 tag of the language they want to use, e.g. `en`, `cy`, `pl`. */
  @Text(35) language!: string;
}

/** What every step after intake needs to know about a case. */
export class CaseProfile {
  @Text(100) referringAgency!: string;
  @Text(100) receivingService!: string;
  @IsIn(OFFENCE_CATEGORIES) offenceCategory!: OffenceCategory;
  /** ISO date of the incident. */
  @Text(10) incidentDate!: string;
  @IsIn(RISK_LEVELS) riskLevel!: RiskLevel;
  @IsString({ each: true }) @MaxLength(100, { each: true }) @ArrayMaxSize(50) riskFlags!: string[];
  @IsBoolean() pendingCourtProceedings!: boolean;
  @ValidateNested({ each: true })
  @Type(() => CaseParticipant)
  @ArrayMaxSize(50)
  participants!: CaseParticipant[];
}
