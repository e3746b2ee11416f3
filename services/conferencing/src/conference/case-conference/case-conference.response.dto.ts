import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import {
  AgreedAction,
  CONFERENCE_MODES,
  HALT_REASONS,
  NullableNested,
  OFFENCE_CATEGORIES,
  RISK_LEVELS,
  type ConferenceMode,
  type HaltReason,
  type OffenceCategory,
  type RiskLevel,
  Nullable,
} from '@accord/contracts';
import { UNSUITABILITIES, type Unsuitability } from '@accord/conferencing-domain';
import { CONFERENCE_STATUSES, type ConferenceStatus, type ConferenceView } from './case-conference.view';

type Serialized = Omit<ConferenceView, 'version' | 'openedAt' | 'updatedAt'> & {
  openedAt: string;
  updatedAt: string;
};

/** What the referring agency sees: where the case stands, nothing else. */
export class ConferenceSummaryResponse {
  @IsUUID() readonly caseId!: string;
  @IsIn(CONFERENCE_STATUSES) readonly status!: ConferenceStatus;
  @IsISO8601() readonly updatedAt!: string;
}

/** Why one facilitator could not take the case. */
export class FacilitatorUnsuitabilityResponse {
  @JSONSchema({ example: 'fac-amira' }) @IsString() readonly facilitatorId!: string;
  @IsIn(UNSUITABILITIES, { each: true }) readonly reasons!: Unsuitability[];
}

/** Automatic assignment found nobody: why, per facilitator (a case-worker assigns one by hand). */
export class FacilitatorUnavailableResponse {
  @IsString() readonly explanation!: string;

  @ValidateNested({ each: true })
  @Type(() => FacilitatorUnsuitabilityResponse)
  readonly reasons!: FacilitatorUnsuitabilityResponse[];
}

/** The conference as scheduled. */
export class ScheduledConferenceResponse {
  @IsIn(CONFERENCE_MODES) readonly mode!: ConferenceMode;
  @IsISO8601() readonly at!: string;
  @JSONSchema({ example: 'North RJ Centre, room 2' }) @IsString() readonly where!: string;
  @JSONSchema({ description: 'Who takes part (person ids).' })
  @IsUUID('all', { each: true })
  readonly participants!: string[];
}

/** How the conference ended: an agreement with its actions, or none and why. */
export class ConferenceOutcomeResponse {
  @IsIn(['agreement', 'no-agreement']) readonly result!: 'agreement' | 'no-agreement';

  @JSONSchema({ description: 'What was agreed (`agreement` only).' })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => AgreedAction)
  readonly actions?: AgreedAction[];

  @JSONSchema({ description: 'Why nothing was agreed (`no-agreement` only).' })
  @IsOptional()
  @IsString()
  readonly reason?: string;

  @IsISO8601() readonly heldAt!: string;
}

/** The last cancelled conference. */
export class ConferenceCancellationResponse {
  @IsString() readonly reason!: string;
  @IsISO8601() readonly at!: string;
}

/** Why conferencing stopped for good. */
export class ConferencingHaltResponse {
  @IsIn(HALT_REASONS) readonly reason!: HaltReason;
  @IsString() readonly explanation!: string;
  @IsISO8601() readonly at!: string;
}

/** The receiving service's whole conference record. */
export class ConferenceDetailResponse extends ConferenceSummaryResponse implements Serialized {
  @JSONSchema({ example: 'police-north' }) @IsString() readonly referringAgency!: string;
  @JSONSchema({ example: 'rj-service-north' }) @IsString() readonly receivingService!: string;
  @IsIn(OFFENCE_CATEGORIES) readonly offenceCategory!: OffenceCategory;
  @IsIn(RISK_LEVELS) readonly riskLevel!: RiskLevel;
  @IsBoolean() readonly specialistFacilitator!: boolean;
  @IsBoolean() readonly safetyPlanRequired!: boolean;

  @Nullable({ description: 'Null until a facilitator is assigned.', example: 'fac-amira' })
  @IsString()
  readonly facilitatorId!: string | null;

  @NullableNested(() => FacilitatorUnavailableResponse, 'Set while automatic assignment found nobody.')
  readonly facilitatorUnavailable!: FacilitatorUnavailableResponse | null;

  @NullableNested(() => ScheduledConferenceResponse, 'The conference scheduled now, if any.')
  readonly conference!: ScheduledConferenceResponse | null;

  @IsBoolean() readonly safetyPlanRecorded!: boolean;

  @NullableNested(() => ConferenceOutcomeResponse, 'Set once the conference was held.')
  readonly outcome!: ConferenceOutcome;

  @NullableNested(() => ConferenceCancellationResponse, 'The last cancellation, if any.')
  readonly lastCancellation!: ConferenceCancellationResponse | null;

  @NullableNested(() => ConferencingHaltResponse, 'Set when the case halted.')
  readonly halt!: ConferencingHaltResponse | null;

  @IsISO8601() readonly openedAt!: string;
}

type ConferenceOutcome = ConferenceView['outcome'];
