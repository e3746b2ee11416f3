import { Equals, IsBoolean, IsISO8601, IsString, IsUUID } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import type { ErasureRecord } from './erasure-records';

/** The erasure as recorded in `audit.erasures`: the first one, when the person was erased before. */
export class ErasureResponse implements ErasureRecord {
  @Equals('erasure') readonly kind!: 'erasure';
  @IsUUID() readonly personId!: string;
  @IsISO8601() readonly erasedAt!: string;
  @JSONSchema({ description: 'The `sub` of the admin who erased the person.' })
  @IsString()
  readonly erasedBy!: string;
  @IsString() readonly agency!: string;
  @IsString() readonly reason!: string;
  @JSONSchema({ nullable: true, description: 'The correlation id of the request that erased.' })
  @IsString()
  readonly correlationId!: string | null;
  @JSONSchema({ description: 'True when the person had been erased before: this is the first record.' })
  @IsBoolean()
  readonly alreadyErased!: boolean;
}
