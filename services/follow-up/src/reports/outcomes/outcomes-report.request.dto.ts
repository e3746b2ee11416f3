import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { Text } from '@accord/contracts';

export const REPORT_FORMATS = ['json', 'csv'] as const;

export class OutcomesReportQuery {
  /** Referring agency; all the caller may see when absent. */
  @IsOptional() @Text(100) agency?: string;
  /** Cases opened at or after this instant or date (ISO 8601). */
  @IsOptional() @IsISO8601({ strict: true }) from?: string;
  /** Cases opened before this instant or date (ISO 8601). */
  @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format must be one of ${REPORT_FORMATS.join(', ')}` })
  format?: (typeof REPORT_FORMATS)[number];
}
