import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
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
}
