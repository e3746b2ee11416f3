import { Transform } from 'class-transformer';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { MANUAL_OUTCOMES, type ManualOutcome } from '@accord/screening-domain';

export class RecordManualDecisionRequest {
  @IsIn(MANUAL_OUTCOMES, { message: `outcome must be one of: ${MANUAL_OUTCOMES.join(', ')}` })
  outcome!: ManualOutcome;

  /** Recorded on the decision for the referrer, the auditor and whoever reviews it later. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'reason must be text explaining the decision' })
  @MinLength(3, { message: 'reason must explain the decision (at least 3 characters)' })
  @MaxLength(2000, { message: 'reason must be at most 2000 characters' })
  reason!: string;
}
