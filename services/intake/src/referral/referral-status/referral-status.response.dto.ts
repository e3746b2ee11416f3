import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Min,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { OFFENCE_CATEGORIES, type OffenceCategory } from '@accord/contracts';
import { CASE_STATUSES, type CaseStatus } from './timeline';

/** One referral in a list: where it stands, between which agencies. */
export class ReferralSummaryResponse {
  @IsUUID() readonly caseId!: string;

  @JSONSchema({ description: 'The latest step of the case.', example: 'eligible' })
  @IsIn(CASE_STATUSES)
  readonly status!: CaseStatus;

  @JSONSchema({ example: 'police-north' }) @IsString() readonly referringAgency!: string;
  @JSONSchema({ example: 'rj-service-north' }) @IsString() readonly receivingService!: string;

  @JSONSchema({ description: "The referrer's own reference for the case.", example: 'PN-2026-0042' })
  @IsString()
  readonly referrerReference!: string;

  @IsIn(OFFENCE_CATEGORIES) readonly offenceCategory!: OffenceCategory;
  @IsISO8601() readonly submittedAt!: string;

  @JSONSchema({ description: 'The last activity on the case.' })
  @IsISO8601()
  readonly updatedAt!: string;

  @JSONSchema({
    description:
      'When the receiving service must accept or decline: its response time in working days after the referral arrived (absent for referrals from before deadlines).',
  })
  @IsOptional()
  @IsISO8601()
  readonly respondBy?: string;

  @JSONSchema({ description: 'Still neither accepted nor declined, and `respondBy` has passed.' })
  @IsBoolean()
  readonly overdue!: boolean;

  @JSONSchema({ description: 'When the overdue referral was escalated to the receiving service’s managers.' })
  @IsOptional()
  @IsISO8601()
  readonly escalatedAt?: string;

  @JSONSchema({ description: 'Open, and no activity since the configured number of working days.' })
  @IsBoolean()
  readonly stalled!: boolean;
}

/** How many referrals of the whole list carry each flag. */
export class FlagCountsResponse {
  @IsInt() @Min(0) readonly overdue!: number;
  @IsInt() @Min(0) readonly stalled!: number;
}

/** A page of referrals, with the number of cases in each status over the whole list. */
export class ReferralListResponse {
  @ValidateNested({ each: true })
  @Type(() => ReferralSummaryResponse)
  readonly items!: ReferralSummaryResponse[];

  @IsInt() @Min(1) readonly page!: number;
  @IsInt() @Min(1) readonly pageSize!: number;

  @JSONSchema({ description: 'How many referrals match the filter (every page).' })
  @IsInt()
  @Min(0)
  readonly total!: number;

  @JSONSchema({
    description: 'Referrals per status over the whole list, whatever `status` filters (for filter counts).',
    additionalProperties: { type: 'integer', minimum: 1 },
    example: { received: 2, eligible: 1 },
  })
  @IsObject()
  readonly counts!: Record<string, number>;

  @JSONSchema({ description: 'Overdue and stalled referrals over the whole list, whatever `flag` filters.' })
  @ValidateNested()
  @Type(() => FlagCountsResponse)
  readonly flagged!: FlagCountsResponse;
}

/** One step of a referral's timeline. */
export class TimelineEntryResponse {
  @IsISO8601() readonly at!: string;
  @IsIn(CASE_STATUSES) readonly status!: CaseStatus;

  @JSONSchema({
    description:
      'What the step says, by step (who accepted, the screening outcome, why a conference was cancelled…); the referring agency sees only the outcome, never screening reasons or consent details.',
    additionalProperties: true,
    example: { outcome: 'eligible', ruleSetVersion: '2026.1' },
  })
  @IsObject()
  readonly detail!: Record<string, unknown>;
}

/** Where a referral stands, with its timeline as the caller's agency may see it. */
export class ReferralResponse extends ReferralSummaryResponse {
  @ValidateNested({ each: true })
  @Type(() => TimelineEntryResponse)
  readonly timeline!: TimelineEntryResponse[];
}

/** The `data` of a `case-changed` event (JSON): which case changed and its new status. */
export class ReferralChangeResponse {
  @IsUUID() readonly caseId!: string;
  @IsIn(CASE_STATUSES) readonly status!: CaseStatus;
}
