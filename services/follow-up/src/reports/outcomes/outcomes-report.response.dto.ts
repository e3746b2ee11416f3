import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsNumber, IsObject, IsString, Min, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { CASE_OUTCOMES, recordSchema, type CaseOutcome, Nullable } from '@accord/contracts';
import { STAGES, type Stage } from './case-outcome.view';
import { TIMED_STAGES, type AgencyOutcomes, type TimedStage } from './outcomes-report';

const count = { type: 'integer', minimum: 0 } as const;
const nullableNumber = { type: 'number', nullable: true } as const;

/** Agreed actions of the agency's cases. */
export class ActionOutcomesResponse {
  @IsInt() @Min(0) readonly total!: number;
  @IsInt() @Min(0) readonly done!: number;
  @IsInt() @Min(0) readonly missed!: number;
  @JSONSchema({ description: 'Actions that were overdue at some point.' })
  @IsInt()
  @Min(0)
  readonly everOverdue!: number;

  @Nullable({ description: 'done / (done + missed), 0–1; null while no action has a result.', example: 0.75 })
  @IsNumber()
  readonly completionRate!: number | null;
}

/** Check-ins with the participants after the conference. */
export class CheckInOutcomesResponse {
  @IsInt() @Min(0) readonly recorded!: number;

  @Nullable({ description: 'Mean satisfaction (1–5); null without check-ins.', example: 4.2 })
  @IsNumber()
  readonly meanSatisfaction!: number | null;

  @Nullable({ description: 'Mean feeling of safety (1–5); null without check-ins.', example: 4 })
  @IsNumber()
  readonly meanFeelingOfSafety!: number | null;
}

/** The outcomes of one referring agency's cases. */
export class AgencyOutcomesResponse implements AgencyOutcomes {
  @JSONSchema({
    description: '`unknown` for cases whose profile follow-up never heard.',
    example: 'police-north',
  })
  @IsString()
  readonly referringAgency!: string;

  @IsInt() @Min(0) readonly cases!: number;

  @JSONSchema({ description: 'Cases per stage.', ...recordSchema(STAGES, count) })
  @IsObject()
  readonly byStage!: Record<Stage, number>;

  @JSONSchema({ description: 'Closed cases per outcome.', ...recordSchema(CASE_OUTCOMES, count) })
  @IsObject()
  readonly byOutcome!: Record<CaseOutcome, number>;

  @JSONSchema({
    description: 'Mean days spent in each stage, over the cases that went through it; null when none did.',
    ...recordSchema(Object.keys(TIMED_STAGES), nullableNumber),
  })
  @IsObject()
  readonly meanDaysInStage!: Record<TimedStage, number | null>;

  @ValidateNested() @Type(() => ActionOutcomesResponse) readonly actions!: ActionOutcomesResponse;
  @ValidateNested() @Type(() => CheckInOutcomesResponse) readonly checkIns!: CheckInOutcomesResponse;
}

/** The period a report covers; null ends are open. */
export class ReportPeriodResponse {
  @Nullable() @IsISO8601() readonly from!: string | null;
  @Nullable() @IsISO8601() readonly to!: string | null;
}

/** Outcomes per referring agency over a period. */
export class OutcomesReportResponse {
  @ValidateNested() @Type(() => ReportPeriodResponse) readonly period!: ReportPeriodResponse;
  @IsISO8601() readonly generatedAt!: string;

  @ValidateNested({ each: true })
  @Type(() => AgencyOutcomesResponse)
  readonly agencies!: AgencyOutcomesResponse[];
}
