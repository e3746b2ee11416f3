import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class DeclineReferralRequest {
  @ApiProperty({ minLength: 3, maxLength: 2000, description: 'Why; the referring agency is told.' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;
}
