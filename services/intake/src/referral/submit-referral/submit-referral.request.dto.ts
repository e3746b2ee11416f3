import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { OFFENCE_CATEGORIES, RISK_LEVELS, type OffenceCategory, type RiskLevel } from '@accord/contracts';
import { CONTACT_METHODS, type ContactMethod } from '@accord/intake-domain';
import {
  AGENCY_ID,
  BCP47,
  IsPastIsoDate,
  methodNamed,
  SUPPORTS_REFERENCE,
  SupportersReferToPeople,
} from '../referral-fields.validation';

export class ContactPreferencesDto {
  @ApiProperty({
    enum: CONTACT_METHODS,
    isArray: true,
    description: 'How the person may be contacted, in order of preference.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CONTACT_METHODS.length)
  @ArrayUnique()
  @IsIn(CONTACT_METHODS, { each: true })
  methods!: ContactMethod[];

  @ApiPropertyOptional({
    description: 'Required when methods includes "phone".',
    example: '+44 20 7946 0000',
  })
  @ValidateIf(
    (preferences: ContactPreferencesDto) =>
      preferences.phone !== undefined || methodNamed('phone')(preferences),
  )
  @IsString()
  @Matches(/^\+?[0-9 ()-]{6,25}$/, { message: '$property must be a phone number (digits, spaces, + ( ) -)' })
  phone?: string;

  @ApiPropertyOptional({ description: 'Required when methods includes "email".' })
  @ValidateIf(
    (preferences: ContactPreferencesDto) =>
      preferences.email !== undefined || methodNamed('email')(preferences),
  )
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ description: 'Required when methods includes "letter".' })
  @ValidateIf(
    (preferences: ContactPreferencesDto) =>
      preferences.address !== undefined || methodNamed('letter')(preferences),
  )
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  address?: string;
}

export class PersonDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ format: 'date', example: '1990-04-01' })
  @IsPastIsoDate()
  dateOfBirth!: string;

  @ApiProperty({ type: () => ContactPreferencesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ContactPreferencesDto)
  contactPreferences!: ContactPreferencesDto;

  @ApiProperty({ description: 'BCP 47 language tag', example: 'en' })
  @IsString()
  @MaxLength(35)
  @Matches(BCP47, { message: '$property must be a BCP 47 language tag such as en, cy or pt-BR' })
  language!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  accessibilityNeeds?: string;
}

export class HarmedPersonDto extends PersonDto {
  @ApiProperty()
  @IsBoolean()
  willingToBeContacted!: boolean;
}

export class ResponsiblePersonDto extends PersonDto {
  @ApiProperty()
  @IsBoolean()
  acceptsResponsibility!: boolean;
}

export class SupporterDto extends PersonDto {
  @ApiProperty({ description: 'The person supported, by position in this referral.', example: 'harmed[0]' })
  @IsString()
  @Matches(SUPPORTS_REFERENCE, {
    message: '$property must name a person of this referral, e.g. harmed[0] or responsible[1]',
  })
  supports!: string;
}

export class PeopleDto {
  @ApiProperty({ type: () => [HarmedPersonDto], minItems: 1 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true, message: 'each value in $property must be an object' })
  @ValidateNested({ each: true })
  @Type(() => HarmedPersonDto)
  harmed!: HarmedPersonDto[];

  @ApiProperty({ type: () => [ResponsiblePersonDto], minItems: 1 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true, message: 'each value in $property must be an object' })
  @ValidateNested({ each: true })
  @Type(() => ResponsiblePersonDto)
  responsible!: ResponsiblePersonDto[];

  @ApiPropertyOptional({ type: () => [SupporterDto], default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsObject({ each: true, message: 'each value in $property must be an object' })
  @ValidateNested({ each: true })
  @Type(() => SupporterDto)
  @SupportersReferToPeople()
  supporters?: SupporterDto[];
}

export class IncidentDto {
  @ApiProperty({ enum: OFFENCE_CATEGORIES })
  @IsIn(OFFENCE_CATEGORIES)
  offenceCategory!: OffenceCategory;

  @ApiProperty({ format: 'date', example: '2025-11-02' })
  @IsPastIsoDate()
  date!: string;

  @ApiProperty({ maxLength: 5000, description: 'Free text; stays in intake, never published.' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  summary!: string;
}

/** The referring agency is the caller's `agency` claim; the body cannot name it. */
export class SubmitReferralRequest {
  @ApiProperty({ description: 'Agency id of the receiving RJ service.', example: 'rj-service-north' })
  @IsString()
  @Matches(AGENCY_ID, { message: '$property must be an agency id such as rj-service-north' })
  receivingService!: string;

  @ApiProperty({ description: "The referrer's own reference for the case.", maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  referrerReference!: string;

  @ApiProperty({ type: () => IncidentDto })
  @IsObject()
  @ValidateNested()
  @Type(() => IncidentDto)
  incident!: IncidentDto;

  @ApiProperty({ type: () => PeopleDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PeopleDto)
  people!: PeopleDto;

  @ApiProperty({ enum: RISK_LEVELS })
  @IsIn(RISK_LEVELS)
  riskLevel!: RiskLevel;

  @ApiProperty({ type: [String], maxItems: 50 })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  riskFlags!: string[];

  @ApiProperty()
  @IsBoolean()
  pendingCourtProceedings!: boolean;
}

export class SubmitReferralResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ enum: ['received'] }) status!: 'received';
}
