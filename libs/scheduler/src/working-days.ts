/**
 * Working-day arithmetic for deadlines ("respond within 5 working days"): weekends and the
 * configured holidays do not count. Pure: the caller passes the instant to count from.
 *
 * Days are calendar dates in UTC. In the UK the local date differs from it only between midnight
 * and 01:00 in summer time, which moves a deadline by at most that hour's worth of a day boundary.
 */

/** A set of holidays as `YYYY-MM-DD` dates. */
export type Holidays = ReadonlySet<string>;

/**
 * England and Wales bank holidays (www.gov.uk/bank-holidays), substitute days included. Extend it
 * each year, or name extra dates in the service's holiday setting.
 */
export const ENGLAND_AND_WALES_BANK_HOLIDAYS: readonly string[] = [
  '2025-01-01',
  '2025-04-18',
  '2025-04-21',
  '2025-05-05',
  '2025-05-26',
  '2025-08-25',
  '2025-12-25',
  '2025-12-26',
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27',
  '2027-12-28',
  '2028-01-03',
  '2028-04-14',
  '2028-04-17',
  '2028-05-01',
  '2028-05-29',
  '2028-08-28',
  '2028-12-25',
  '2028-12-26',
];

/** Named holiday lists a setting may use instead of spelling out the dates. */
export const HOLIDAY_CALENDARS: Readonly<Record<string, readonly string[]>> = {
  'england-and-wales': ENGLAND_AND_WALES_BANK_HOLIDAYS,
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

const isCalendarDate = (value: string): boolean => {
  const match = DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

/**
 * `england-and-wales,2026-12-24` → the holidays it names: named calendars and single dates,
 * comma-separated (empty: none). Throws naming the first entry that is neither.
 */
export function parseHolidays(setting: string): Holidays {
  const holidays = new Set<string>();
  for (const entry of setting
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const calendar = HOLIDAY_CALENDARS[entry];
    if (calendar) calendar.forEach((date) => holidays.add(date));
    else if (isCalendarDate(entry)) holidays.add(entry);
    else
      throw new Error(
        `"${entry}" is neither a date (YYYY-MM-DD) nor a holiday calendar (${Object.keys(HOLIDAY_CALENDARS).join(', ')})`,
      );
  }
  return holidays;
}

/** Monday to Friday, and not a holiday. */
export function isWorkingDay(at: Date, holidays: Holidays): boolean {
  const weekday = at.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(at.toISOString().slice(0, 10));
}

/**
 * The instant `days` working days after `from` (before it, for a negative number), at the same
 * time of day: each day stepped over counts only if it is a working day. Friday 10:00 + 1 is
 * Monday 10:00; Saturday 10:00 + 1 is Monday 10:00 too; 0 is `from` itself.
 */
export function addWorkingDays(from: Date, days: number, holidays: Holidays): Date {
  if (!Number.isInteger(days)) throw new RangeError(`working days must be a whole number, not ${days}`);
  const step = days < 0 ? -DAY_MS : DAY_MS;
  let at = from.getTime();
  for (let counted = 0; counted < Math.abs(days); ) {
    at += step;
    if (isWorkingDay(new Date(at), holidays)) counted += 1;
  }
  return new Date(at);
}
