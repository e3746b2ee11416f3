import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageNumber, PageSize } from '@accord/platform';
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

  @PageNumber(100_000)
  page?: number;

  @PageSize(100, 20)
  pageSize?: number;
}
