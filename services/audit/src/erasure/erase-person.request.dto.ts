import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class ErasePersonRequest {
  @ApiProperty({
    description: 'Why the person is erased, e.g. the erasure request reference.',
    minLength: 3,
    maxLength: 2000,
  })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;
}
