import { Injectable } from '@nestjs/common';

/**
 * What time it is, for the deadlines intake works out (when a referral must be answered, when a
 * case counts as stalled). One injectable, so a test can move it instead of waiting days.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
