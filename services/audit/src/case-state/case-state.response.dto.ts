import { Type } from 'class-transformer';
import {
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Min,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { CASE_SERVICES, nullableRef, recordSchema, Nullable } from '@accord/contracts';
import type { CaseState, StreamPoint } from './case-state';
import type { CaseStateResult } from './case-state.query';

/** Where a service's state was read from: which stream, up to which version. */
export class StreamPointResponse implements StreamPoint {
  @JSONSchema({ example: 'consent.Consent-0b7c5a1e-3f0a-4c43-9c39-1f0f5f2b9b55' })
  @IsString()
  readonly streamId!: string;
  @IsInt() @Min(0) readonly version!: number;
  @IsISO8601() readonly lastRecordedAt!: string;
}

/** One service's state of the case, as its own decider folds the stream up to `asOf`. */
export class ServiceStateResponse {
  @ValidateNested() @Type(() => StreamPointResponse) readonly stream!: StreamPointResponse;

  @Nullable({
    type: 'object',
    additionalProperties: true,
    description:
      "The state of the service's decider after the stream's events up to `stream.version` (its shape is that service's); null when it cannot be replayed.",
  })
  @IsObject()
  readonly state!: object | null;

  @JSONSchema({
    description:
      "Why this service's state cannot be shown (e.g. an event type newer than this audit knows); the other services' states are still given.",
  })
  @IsOptional()
  @IsString()
  readonly unreplayable?: string;
}

/** The case as every service saw it at a moment. */
export class CaseStateResponse implements CaseStateResult {
  @IsUUID() readonly caseId!: string;
  @IsISO8601() readonly asOf!: string;

  @JSONSchema({
    description: 'Per service, its state of the case; null for a service that had not heard of it by `asOf`.',
    ...recordSchema(CASE_SERVICES, nullableRef(ServiceStateResponse.name)),
  })
  @IsObject()
  readonly services!: CaseState;
}
