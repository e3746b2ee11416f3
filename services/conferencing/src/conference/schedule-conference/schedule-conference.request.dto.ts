import { ArrayMaxSize, ArrayMinSize, IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { CONFERENCE_MODES, type ConferenceMode, Text } from '@accord/contracts';

export class ScheduleConferenceRequest {
  @IsIn(CONFERENCE_MODES, { message: `mode must be one of ${CONFERENCE_MODES.join(', ')}` })
  mode!: ConferenceMode;
  /** When the parties meet (or the exchange starts), ISO 8601 with a time zone. */
  @IsISO8601({ strict: true }) at!: string;
  /** Place, or the medium for indirect work. */
  @Text(500, 1) where!: string;
  @IsUUID('all', { each: true }) @ArrayMinSize(1) @ArrayMaxSize(50) participants!: string[];
  /** Required when the case is medium or high risk, or screening required one. */
  @IsOptional() @Text(10_000) safetyPlan?: string;
}
