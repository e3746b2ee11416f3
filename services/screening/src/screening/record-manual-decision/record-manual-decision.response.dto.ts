import { IsIn, IsISO8601, IsOptional, IsString, IsUUID } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { SCREENING_OUTCOMES, type ScreeningOutcome } from '@accord/contracts';

/** The case's screening decision after the screener's. */
export class ManualDecisionResponse {
  @IsUUID() readonly caseId!: string;
  @IsIn(SCREENING_OUTCOMES) readonly outcome!: ScreeningOutcome;
  @JSONSchema({ description: 'The rule set the case was screened under.', example: '2026-1' })
  @IsString()
  readonly ruleSetVersion!: string;
  @IsString() readonly decidedBy!: string;
  @IsISO8601() readonly decidedAt!: string;
  @IsString() readonly reason!: string;
  @JSONSchema({ description: "The rules' outcome this decision overrides, if it overrides one." })
  @IsOptional()
  @IsIn(SCREENING_OUTCOMES)
  readonly overrides?: ScreeningOutcome;
}
