import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { OFFENCE_CATEGORIES, RISK_LEVELS, type OffenceCategory, type RiskLevel } from '@accord/contracts';
import { BCP47, IsPastIsoDate } from '../referral-fields.validation';

export class ParticipantChangeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId!: string;

  @ApiPropertyOptional({ description: 'Harmed persons only.' })
  @IsOptional()
  @IsBoolean()
  willingToBeContacted?: boolean;

  @ApiPropertyOptional({ description: 'Responsible persons only.' })
  @IsOptional()
  @IsBoolean()
  acceptsResponsibility?: boolean;

  @ApiPropertyOptional({ example: 'cy' })
  @IsOptional()
  @IsString()
  @MaxLength(35)
  @Matches(BCP47, { message: '$property must be a BCP 47 language tag such as en, cy or pt-BR' })
  language?: string;
}

/** Only the fields that change; screening runs again on the result. */
export class ReferralChangesDto {
  @ApiPropertyOptional({ enum: OFFENCE_CATEGORIES })
  @IsOptional()
  @IsIn(OFFENCE_CATEGORIES)
  offenceCategory?: OffenceCategory;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsPastIsoDate()
  incidentDate?: string;

  @ApiPropertyOptional({ enum: RISK_LEVELS })
  @IsOptional()
  @IsIn(RISK_LEVELS)
  riskLevel?: RiskLevel;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  riskFlags?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  pendingCourtProceedings?: boolean;

  @ApiPropertyOptional({ type: () => [ParticipantChangeDto] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsObject({ each: true, message: 'each value in $property must be an object' })
  @ValidateNested({ each: true })
  @Type(() => ParticipantChangeDto)
  participants?: ParticipantChangeDto[];
}

export class AmendReferralRequest {
  @ApiProperty({ minLength: 3, maxLength: 2000 })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;

  @ApiProperty({ type: () => ReferralChangesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ReferralChangesDto)
  changes!: ReferralChangesDto;
}
