import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CASE_STATUSES, type CaseStatus } from './timeline';

export const LIST_ROLES = ['referrer', 'receiver'] as const;
export type ListRole = (typeof LIST_ROLES)[number];

export const LIST_FLAGS = ['overdue', 'stalled'] as const;
export type ListFlag = (typeof LIST_FLAGS)[number];

export class ListReferralsQuery {
  @ApiPropertyOptional({
    enum: LIST_FLAGS,
    description:
      'overdue: not accepted or declined within the receiving service’s response time; stalled: open, with no activity for the configured number of working days.',
  })
  @IsOptional()
  @IsIn(LIST_FLAGS)
  flag?: ListFlag;

  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: CaseStatus;

  @ApiPropertyOptional({
    enum: LIST_ROLES,
    description: 'referrer: your outbox; receiver: your inbox; both when absent.',
  })
  @IsOptional()
  @IsIn(LIST_ROLES)
  role?: ListRole;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}
