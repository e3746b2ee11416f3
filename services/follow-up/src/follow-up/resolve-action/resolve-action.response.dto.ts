import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { CaseClosedV1 } from '@accord/contracts';
import { ACTION_RESULTS } from './resolve-action.request.dto';

export class ResolveActionResponse {
  @IsUUID() readonly caseId!: string;
  @IsUUID() readonly actionId!: string;
  @IsIn(ACTION_RESULTS) readonly result!: (typeof ACTION_RESULTS)[number];
  @IsISO8601() readonly resolvedAt!: string;

  @JSONSchema({ description: 'Present when this was the last open action and the case closed with it.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CaseClosedV1)
  readonly caseClosed?: CaseClosedV1;
}
