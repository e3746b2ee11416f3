import { CheckedText, parseProblem, ServiceConfig, WholeNumber } from '@accord/platform';
import { parseHolidays } from '@accord/scheduler';

const holidaysProblem = (value: string): string | null => {
  const problem = parseProblem(parseHolidays, value);
  return problem === null ? null : `must list holiday calendars and dates, comma-separated: ${problem}`;
};

/** Intake's own variables: the deadlines of referrals and cases (docs: services/intake/README.md). */
export class IntakeConfig extends ServiceConfig {
  /** Working days a receiving service has to accept or decline, unless its directory entry says otherwise. */
  @WholeNumber({ unit: 'working days', min: 1, max: 60 })
  INTAKE_RESPONSE_WORKING_DAYS = 5;

  /** Working days after the missed response deadline before the receiving service's managers are told. */
  @WholeNumber({ unit: 'working days', min: 1, max: 60 })
  INTAKE_ESCALATION_WORKING_DAYS = 2;

  /** Working days without any activity after which an open case shows as stalled. */
  @WholeNumber({ unit: 'working days', min: 1, max: 250 })
  INTAKE_STALLED_WORKING_DAYS = 20;

  /** Days that are not working days besides weekends: calendars (`england-and-wales`) and `YYYY-MM-DD` dates. */
  @CheckedText('isHolidayList', holidaysProblem, 'must be a string')
  INTAKE_HOLIDAYS = 'england-and-wales';

  /** How often each replica looks for due deadline timers. */
  @WholeNumber({ unit: 'milliseconds', min: 50, max: 60_000 })
  INTAKE_TIMER_POLL_MS = 1_000;
}
