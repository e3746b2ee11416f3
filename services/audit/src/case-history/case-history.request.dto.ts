import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageNumber, PageSize } from '@accord/platform';
import { CASE_SERVICES, type CaseService } from '../case/case-streams';
import { HISTORY_FORMATS, type HistoryFormat } from './history-formats';

/** `a,b` or repeated `?x=a&x=b` → ['a', 'b']. */
const list = ({ value }: { value: unknown }): unknown =>
  (Array.isArray(value) ? value : [value])
    .flatMap((item) => (typeof item === 'string' ? item.split(',') : [item]))
    .map((item) => (typeof item === 'string' ? item.trim() : item))
    .filter((item) => item !== '');

export class CaseHistoryQueryDto {
  @ApiPropertyOptional({
    description: `Only these services' events (comma-separated): ${CASE_SERVICES.join(', ')}`,
  })
  @IsOptional()
  @Transform(list)
  @IsIn(CASE_SERVICES, { each: true })
  @ArrayMaxSize(CASE_SERVICES.length)
  service?: CaseService[];

  @ApiPropertyOptional({
    description: 'Only these event types (comma-separated), e.g. CaseEligible,ConsentGiven',
  })
  @IsOptional()
  @Transform(list)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @ArrayMaxSize(50)
  type?: string[];

  @ApiPropertyOptional({ description: 'Only events this actor caused (user id, or system:<component>)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({ description: 'Recorded at or after this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Recorded at or before this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @PageNumber(1_000_000)
  page?: number;

  @PageSize(1000, 100)
  pageSize?: number;

  @ApiPropertyOptional({ enum: HISTORY_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(HISTORY_FORMATS)
  format?: HistoryFormat;
}
