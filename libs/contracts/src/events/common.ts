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
import {
  OFFENCE_CATEGORIES,
  PARTICIPANT_ROLES,
  RISK_LEVELS,
  type OffenceCategory,
  type ParticipantRole,
  type RiskLevel,
} from './case-vocabulary';

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
