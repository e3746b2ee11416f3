import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { Text, WELLBEING_CHANGES, type WellbeingChange } from '@accord/contracts';

export class RecordCheckInRequest {
  /** A planned check-in; absent: the earliest one not yet recorded (or an extra one when all are). */
  @IsOptional() @IsUUID() checkInId?: string;
  /** The harmed person checked in with; absent: the case's first harmed person. */
  @IsOptional() @IsUUID() personId?: string;
  @IsInt() @Min(1) @Max(5) satisfaction!: number;
  @IsInt() @Min(1) @Max(5) feelingOfSafety!: number;
  @IsIn(WELLBEING_CHANGES, { message: `wellbeingChange must be one of ${WELLBEING_CHANGES.join(', ')}` })
  wellbeingChange!: WellbeingChange;
  /** Their own words: stored encrypted with their key, never published. */
  @IsOptional() @Text(10_000) notes?: string;
}
