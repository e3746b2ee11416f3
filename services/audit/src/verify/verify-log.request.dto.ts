import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { QueryInt } from '@accord/platform';

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

  @QueryInt(10_000_000, { description: 'Progress every this many events (ndjson; default 10000).' })
  every?: number;

  @QueryInt(1000, {
    description: 'How many breaks to list in full (`breaks.first`; default 20); all are counted.',
  })
  breaks?: number;
}
