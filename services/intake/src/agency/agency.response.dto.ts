import { IsIn, IsInt, IsISO8601, IsOptional, IsString } from 'class-validator';
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
  @JSONSchema({ description: 'Working days to accept or decline a referral; absent: the platform default.' })
  @IsOptional()
  @IsInt()
  readonly responseWorkingDays?: number;
  @JSONSchema({ description: 'Where reminders of overdue referrals go.' })
  @IsOptional()
  @IsString()
  readonly contactEmail?: string;
  @JSONSchema({ description: 'Who is told when an overdue referral is escalated.' })
  @IsString({ each: true })
  readonly managerEmails!: readonly string[];
  @IsISO8601() readonly updatedAt!: string;
}
