import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { AgreedAction } from '@accord/contracts';
import { OUTCOME_RESULTS } from './record-outcome.request.dto';

export class RecordOutcomeResponse {
  @IsUUID() readonly caseId!: string;
  @IsIn(OUTCOME_RESULTS) readonly result!: (typeof OUTCOME_RESULTS)[number];
  @JSONSchema({ description: 'The agreed actions, with the ids follow-up tracks them by (agreement only).' })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => AgreedAction)
  readonly actions?: AgreedAction[];
  @IsOptional() @IsISO8601() readonly heldAt?: string;
}
