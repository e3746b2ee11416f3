import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class CaseStateQueryDto {
  @ApiPropertyOptional({
    description: 'The moment to rebuild the case at (ISO 8601, e.g. 2026-03-01T12:00:00Z); now when absent.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'asOf must be an ISO 8601 instant, e.g. 2026-03-01T12:00:00Z' })
  asOf?: string;
}
