import { Expose, Type } from 'class-transformer';
import { IsNumber, Matches, Min } from 'class-validator';
import { ServiceConfig, WholeNumber } from '@accord/platform';

/**
 * Follow-up's own variables. Durations are in days and may be fractional, so integration tests
 * can run a "day" in well under a second.
 */
export class FollowUpConfig extends ServiceConfig {
  /** Days before an action's due date that its reminder fires. */
  @Expose()
  @Type(() => Number)
  @IsNumber({}, { message: 'must be a number of days (fractions allowed)' })
  @Min(0, { message: 'must not be negative' })
  FOLLOW_UP_REMINDER_DAYS_BEFORE = 3;

  /** Days after the agreement that each check-in with the harmed person falls due, comma-separated. */
  @Expose()
  @Matches(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/, { message: 'must be a comma-separated list of days, e.g. 14,90' })
  FOLLOW_UP_CHECK_IN_DAYS = '14,90';

  /** Days after a check-in's due date without a record before the missed-check-in reminder. */
  @Expose()
  @Type(() => Number)
  @IsNumber({}, { message: 'must be a number of days (fractions allowed)' })
  @Min(0, { message: 'must not be negative' })
  FOLLOW_UP_CHECK_IN_GRACE_DAYS = 7;

  /** How often each replica looks for due timers. */
  @WholeNumber({ unit: 'milliseconds', min: 50, max: 60_000 })
  FOLLOW_UP_TIMER_POLL_MS = 1_000;
}

export const checkInDays = (config: FollowUpConfig): number[] =>
  config.FOLLOW_UP_CHECK_IN_DAYS.split(',').map(Number);
