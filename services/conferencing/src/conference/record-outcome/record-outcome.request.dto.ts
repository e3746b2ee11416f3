import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsISO8601,
  IsOptional,
  IsUUID,
  ValidateNested,
} from 'class-validator';
import { ACTION_KINDS, type ActionKind, Reason } from '@accord/contracts';

export class AgreedActionRequest {
  @IsIn(ACTION_KINDS, { message: `kind must be one of ${ACTION_KINDS.join(', ')}` }) kind!: ActionKind;
  @Reason() what!: string;
  /** The participant who does it (usually the responsible person). */
  @IsUUID() by!: string;
  @IsISO8601({ strict: true }) dueBy!: string;
}

export const OUTCOME_RESULTS = ['agreement', 'no-agreement'] as const;

export class RecordOutcomeRequest {
  @IsIn(OUTCOME_RESULTS, { message: `result must be one of ${OUTCOME_RESULTS.join(', ')}` })
  result!: (typeof OUTCOME_RESULTS)[number];
  /** Required for an agreement. */
  @IsOptional()
  @IsArray()
  @IsObject({ each: true, message: 'each of actions must be an object (kind, what, by, dueBy)' })
  @ValidateNested({ each: true })
  @Type(() => AgreedActionRequest)
  @ArrayMaxSize(50)
  actions?: AgreedActionRequest[];
  /** Required for no agreement. */
  @IsOptional() @Reason() reason?: string;
}
