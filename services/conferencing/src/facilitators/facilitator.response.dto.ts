import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsString, Min, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { ACCREDITATIONS, type Accreditation } from '@accord/conferencing-domain';

/** A facilitator of the caller's RJ service, with their current caseload. */
export class FacilitatorResponse {
  @JSONSchema({ example: 'fac-amira' }) @IsString() readonly id!: string;
  @JSONSchema({ example: 'Amira Haddad' }) @IsString() readonly name!: string;
  @JSONSchema({ description: 'The RJ service they facilitate for.', example: 'rj-service-north' })
  @IsString()
  readonly service!: string;

  @JSONSchema({
    description: 'The agency that employs them (a conflict of interest for its own referrals).',
    example: 'rj-service-north',
  })
  @IsString()
  readonly homeAgency!: string;

  @IsIn(ACCREDITATIONS) readonly accreditation!: Accreditation;
  @JSONSchema({ example: ['en', 'ar'] }) @IsString({ each: true }) readonly languages!: string[];
  @JSONSchema({ example: 'north' }) @IsString() readonly region!: string;
  @IsInt() @Min(0) readonly maxCaseload!: number;

  @JSONSchema({ description: 'Open cases assigned to them now.' })
  @IsInt()
  @Min(0)
  readonly caseload!: number;

  @JSONSchema({ description: 'Taking cases.' }) @IsBoolean() readonly active!: boolean;
  @IsISO8601() readonly updatedAt!: string;
}

/** The roster of the caller's RJ service. */
export class FacilitatorListResponse {
  @ValidateNested({ each: true })
  @Type(() => FacilitatorResponse)
  readonly facilitators!: FacilitatorResponse[];
}
