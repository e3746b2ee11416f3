import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export const VERIFY_FORMATS = ['json', 'ndjson'] as const;
export type VerifyFormat = (typeof VERIFY_FORMATS)[number];

export class VerifyLogQueryDto {
  @ApiPropertyOptional({
    enum: VERIFY_FORMATS,
    description:
      '`json` (default): one result when the walk ends. `ndjson`: streamed, one `{"kind":"progress","checked","total"}` line every `every` events, then `{"kind":"result",…}` (or `{"kind":"error",…}`).',
  })
  @IsOptional()
  @IsIn(VERIFY_FORMATS)
  format?: VerifyFormat;

  @ApiPropertyOptional({ description: 'Progress every this many events (ndjson; default 10000).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  every?: number;

  @ApiPropertyOptional({
    description: 'How many breaks to list in full (`breaks.first`; default 20); all are counted.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  breaks?: number;
}
