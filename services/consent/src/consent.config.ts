import { ServiceConfig, WholeNumber } from '@accord/platform';

export class ConsentConfig extends ServiceConfig {
  /** Days participants have to consent before the case halts (`consent-expired`). */
  @WholeNumber({ unit: 'days', min: 1, outOfRange: 'must be at least 1 day' })
  CONSENT_EXPIRY_DAYS = 30;

  /** Days before that due date the consent officer's inbox shows a reminder. */
  @WholeNumber({ unit: 'days', min: 0 })
  CONSENT_REMINDER_DAYS_BEFORE = 7;
}
