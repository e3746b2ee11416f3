import { addWorkingDays, ENGLAND_AND_WALES_BANK_HOLIDAYS, isWorkingDay, parseHolidays } from './working-days';

const at = (iso: string): Date => new Date(iso);
const none = new Set<string>();
const englandAndWales = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS);

describe('addWorkingDays', () => {
  it('counts Monday to Friday and keeps the time of day', () => {
    // Tuesday 1 December 2026, 09:30.
    expect(addWorkingDays(at('2026-12-01T09:30:00.000Z'), 3, none)).toEqual(at('2026-12-04T09:30:00.000Z'));
  });

  it('skips the weekend', () => {
    // Friday + 1 = Monday; Thursday + 5 = the next Thursday.
    expect(addWorkingDays(at('2026-11-27T10:00:00.000Z'), 1, none)).toEqual(at('2026-11-30T10:00:00.000Z'));
    expect(addWorkingDays(at('2026-11-26T10:00:00.000Z'), 5, none)).toEqual(at('2026-12-03T10:00:00.000Z'));
  });

  it('counts from a weekend as from the Friday before', () => {
    expect(addWorkingDays(at('2026-11-28T10:00:00.000Z'), 1, none)).toEqual(at('2026-11-30T10:00:00.000Z'));
    expect(addWorkingDays(at('2026-11-29T23:00:00.000Z'), 1, none)).toEqual(at('2026-11-30T23:00:00.000Z'));
  });

  it('skips the configured holidays (Christmas 2026: Friday 25th and the substitute Monday 28th)', () => {
    // Thursday 24 December + 1 working day: not the 25th, not the weekend, not the 28th.
    expect(addWorkingDays(at('2026-12-24T12:00:00.000Z'), 1, englandAndWales)).toEqual(
      at('2026-12-29T12:00:00.000Z'),
    );
    expect(addWorkingDays(at('2026-12-24T12:00:00.000Z'), 1, none)).toEqual(at('2026-12-25T12:00:00.000Z'));
    // Five working days from Wednesday 23 December: 24, 29, 30, 31 December, then (1 January is a holiday) 4 January.
    expect(addWorkingDays(at('2026-12-23T08:00:00.000Z'), 5, englandAndWales)).toEqual(
      at('2027-01-04T08:00:00.000Z'),
    );
  });

  it('counts backwards for a negative number, and 0 is the instant itself', () => {
    expect(addWorkingDays(at('2026-11-30T10:00:00.000Z'), -1, none)).toEqual(at('2026-11-27T10:00:00.000Z'));
    expect(addWorkingDays(at('2026-04-07T10:00:00.000Z'), -2, englandAndWales)).toEqual(
      at('2026-04-01T10:00:00.000Z'),
    );
    expect(addWorkingDays(at('2026-11-28T10:00:00.000Z'), 0, englandAndWales)).toEqual(
      at('2026-11-28T10:00:00.000Z'),
    );
  });

  it('refuses a fraction of a working day', () => {
    expect(() => addWorkingDays(at('2026-11-30T10:00:00.000Z'), 1.5, none)).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it('is false on weekends and holidays, true otherwise', () => {
    expect(isWorkingDay(at('2026-12-05T12:00:00.000Z'), none)).toBe(false);
    expect(isWorkingDay(at('2026-12-06T12:00:00.000Z'), none)).toBe(false);
    expect(isWorkingDay(at('2026-12-28T12:00:00.000Z'), englandAndWales)).toBe(false);
    expect(isWorkingDay(at('2026-12-29T12:00:00.000Z'), englandAndWales)).toBe(true);
  });
});

describe('parseHolidays', () => {
  it('reads named calendars and single dates, comma-separated', () => {
    const holidays = parseHolidays(' england-and-wales , 2026-12-24,');
    expect(holidays.has('2026-12-24')).toBe(true);
    expect(holidays.has('2026-12-28')).toBe(true);
    expect(holidays.size).toBe(ENGLAND_AND_WALES_BANK_HOLIDAYS.length + 1);
    expect(parseHolidays('').size).toBe(0);
  });

  it('names the entry it cannot read', () => {
    expect(() => parseHolidays('england-and-wales,2026-02-30')).toThrow(/"2026-02-30"/);
    expect(() => parseHolidays('scotland')).toThrow(/"scotland".*england-and-wales/);
  });
});
