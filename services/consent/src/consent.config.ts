import { Expose, Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { ServiceConfig } from '@accord/platform';

export class ConsentConfig extends ServiceConfig {
  /** Days participants have to consent before the case halts (`consent-expired`). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number of days' })
  @Min(1, { message: 'must be at least 1 day' })
  CONSENT_EXPIRY_DAYS = 30;

  /** Days before that due date the consent officer's inbox shows a reminder. */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number of days' })
  @Min(0, { message: 'must not be negative' })
  CONSENT_REMINDER_DAYS_BEFORE = 7;
}
