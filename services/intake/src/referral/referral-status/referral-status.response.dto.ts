import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsObject, IsString, IsUUID, Min, ValidateNested } from 'class-validator';
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
  @IsISO8601() readonly updatedAt!: string;
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
