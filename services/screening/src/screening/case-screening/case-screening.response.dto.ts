import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import {
  RuleOutcome,
  SCREENING_OUTCOMES,
  ScreeningRequirements,
  type ScreeningOutcome,
} from '@accord/contracts';
import type { ScreeningHistoryEntry } from './case-screening.entity';

/** What the referring agency may know: the outcome and the rule set, not the reasons. */
export class ScreeningSummaryResponse {
  @IsUUID() readonly caseId!: string;
  @IsIn(SCREENING_OUTCOMES) readonly outcome!: ScreeningOutcome;

  @JSONSchema({ description: 'The rule set that decided.', example: '2026.1' })
  @IsString()
  readonly ruleSetVersion!: string;
}

/** One decision the case went through, oldest first: the rule set's, then any screener's. */
export class ScreeningHistoryEntryResponse implements ScreeningHistoryEntry {
  @IsIn(SCREENING_OUTCOMES) readonly outcome!: ScreeningOutcome;
  @IsString() readonly ruleSetVersion!: string;

  @JSONSchema({ description: '`system` for the rule set; the screener otherwise.', example: 'system' })
  @IsString()
  readonly decidedBy!: string;

  @IsISO8601() readonly decidedAt!: string;

  @JSONSchema({ description: 'The outcome a manual decision overrode.' })
  @IsOptional()
  @IsIn(SCREENING_OUTCOMES)
  readonly overrides?: ScreeningOutcome;

  @JSONSchema({ description: 'Why the screener decided so.' })
  @IsOptional()
  @IsString()
  readonly reason?: string;
}

/** The receiving service and auditors see why: every rule, its result and reason. */
export class ScreeningDetailResponse extends ScreeningSummaryResponse {
  @IsISO8601() readonly decidedAt!: string;
  @JSONSchema({ example: 'police-north' }) @IsString() readonly referringAgency!: string;
  @JSONSchema({ example: 'rj-service-north' }) @IsString() readonly receivingService!: string;

  @ValidateNested({ each: true }) @Type(() => RuleOutcome) readonly rules!: RuleOutcome[];

  @JSONSchema({ description: 'What later steps must honour.' })
  @ValidateNested()
  @Type(() => ScreeningRequirements)
  readonly requirements!: ScreeningRequirements;

  @JSONSchema({ description: '`system` for the rule set; the screener otherwise.', example: 'system' })
  @IsString()
  readonly decidedBy!: string;

  @JSONSchema({ description: 'The outcome the current (manual) decision overrode.' })
  @IsOptional()
  @IsIn(SCREENING_OUTCOMES)
  readonly overrides?: ScreeningOutcome;

  @JSONSchema({ description: 'Why the screener decided so.' })
  @IsOptional()
  @IsString()
  readonly reason?: string;

  @ValidateNested({ each: true })
  @Type(() => ScreeningHistoryEntryResponse)
  readonly history!: ScreeningHistoryEntryResponse[];
}
