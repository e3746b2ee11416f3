import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { AGENCY_ID } from '../referral/referral-fields.validation';
import { AGENCY_KINDS, type AgencyKind } from './agency.entity';

export class PutAgencyRequest {
  @ApiProperty({ maxLength: 200, example: 'Northshire Police' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: AGENCY_KINDS })
  @IsIn(AGENCY_KINDS)
  kind!: AgencyKind;

  @ApiProperty({
    type: [String],
    description: 'RJ services a referrer may refer to (empty for an RJ service).',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(AGENCY_ID, { each: true, message: '$property must hold agency ids such as rj-service-north' })
  mayReferTo!: string[];

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 60,
    description:
      'An RJ service: working days it has to accept or decline a referral before it is reminded (weekends and holidays do not count). Absent: the platform default (5).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  responseWorkingDays?: number;

  @ApiPropertyOptional({
    maxLength: 320,
    example: 'referrals@rj-north.example',
    description:
      'The mailbox reminders of overdue referrals go to (an organisational address, not a person).',
  })
  @IsOptional()
  @MaxLength(320)
  @IsEmail({}, { message: '$property must be an email address' })
  contactEmail?: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 20,
    description: 'Who is told when an overdue referral is escalated (the service’s managers).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @MaxLength(320, { each: true })
  @IsEmail({}, { each: true, message: '$property must hold email addresses' })
  managerEmails?: string[];
}
