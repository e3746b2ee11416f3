import { IsIn, IsISO8601, IsString } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { AGENCY_KINDS, type AgencyKind } from './agency.entity';
import type { AgencyView } from './agency-directory';

/** One agency of the directory. */
export class AgencyResponse implements AgencyView {
  @JSONSchema({ example: 'police-north' }) @IsString() readonly id!: string;
  @JSONSchema({ example: 'North Police Restorative Team' }) @IsString() readonly name!: string;
  @IsIn(AGENCY_KINDS) readonly kind!: AgencyKind;
  @JSONSchema({ description: 'The RJ services this agency may refer to.', example: ['rj-service-north'] })
  @IsString({ each: true })
  readonly mayReferTo!: readonly string[];
  @IsISO8601() readonly updatedAt!: string;
}
