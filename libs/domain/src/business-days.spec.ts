import Holidays from 'date-holidays';
import { DANISH_PUBLIC_HOLIDAYS, HOLIDAY_YEARS } from './danish-holidays.generated';
import {
  addBusinessDays,
  CALENDAR_DATE_PATTERN,
  calendarDaysBetween,
  copenhagenDate,
  copenhagenInstant,
  isBusinessDay,
  isLocalDate,
  isoWeekStart,
  nextBusinessDay,
} from './business-days';

describe('Danish business days', () => {
  it('knows weekends, public holidays and the days offices close', () => {
    expect(isBusinessDay('2026-11-24')).toBe(true); // a Tuesday
    expect(isBusinessDay('2026-11-28')).toBe(false); // Saturday
    for (const holiday of ['2026-04-02', '2026-04-03', '2026-04-06', '2026-05-14', '2026-05-25', '2026-12-25', '2027-01-01']) {
      expect({ holiday, business: isBusinessDay(holiday) }).toEqual({ holiday, business: false });
    }
    for (const closed of ['2026-06-05', '2026-12-24', '2026-12-31']) expect(isBusinessDay(closed)).toBe(false);
    expect(isBusinessDay('2026-05-01')).toBe(true); // 1 May is not a public holiday
    expect(isBusinessDay('2026-05-08')).toBe(true); // Store bededag was abolished from 2024
  });

  it('counts business days across Easter and Christmas', () => {
    expect(addBusinessDays('2026-04-01', 1)).toBe('2026-04-07'); // Wed before Easter -> Tuesday after
    expect(addBusinessDays('2026-04-08', -1)).toBe('2026-04-07');
    expect(addBusinessDays('2026-04-07', -1)).toBe('2026-04-01');
    expect(addBusinessDays('2026-12-22', 2)).toBe('2026-12-28'); // 23 Dec, then 28 Dec
    expect(addBusinessDays('2027-01-04', -5)).toBe('2026-12-22');
    expect(addBusinessDays('2026-11-20', 2)).toBe('2026-11-24'); // Friday + 2 = Tuesday
    expect(addBusinessDays('2026-11-24', 0)).toBe('2026-11-24');
  });

  it('finds the next business day', () => {
    expect(nextBusinessDay('2026-12-24')).toBe('2026-12-28');
    expect(nextBusinessDay('2026-11-24')).toBe('2026-11-24');
  });

  it('converts Copenhagen wall-clock time across daylight saving', () => {
    expect(copenhagenInstant('2026-01-15', 8).toISOString()).toBe('2026-01-15T07:00:00.000Z'); // CET
    expect(copenhagenInstant('2026-07-15', 8).toISOString()).toBe('2026-07-15T06:00:00.000Z'); // CEST
    expect(copenhagenInstant('2026-03-29', 8).toISOString()).toBe('2026-03-29T06:00:00.000Z'); // day DST starts
    expect(copenhagenDate(new Date('2026-11-24T23:30:00Z'))).toBe('2026-11-25');
  });

  it('uses exactly date-holidays’ Danish public holidays for every year it covers', () => {
    const hd = new Holidays('DK');
    for (let year = HOLIDAY_YEARS.first; year <= HOLIDAY_YEARS.last; year++) {
      const expected = hd.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(5, 10)).sort();
      expect({ year, days: [...DANISH_PUBLIC_HOLIDAYS[year]] }).toEqual({ year, days: expected });
    }
  });

  it('says plainly when a date is outside the calendar', () => {
    expect(() => isBusinessDay('2150-01-05')).toThrow(/covers 2020-2100/);
  });

  it('counts calendar days between dates, across daylight saving and year ends', () => {
    expect(calendarDaysBetween('2026-03-28', '2026-03-30')).toBe(2); // summer time starts 29 March
    expect(calendarDaysBetween('2026-10-26', '2026-10-24')).toBe(-2); // and ends 25 October
    expect(calendarDaysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(calendarDaysBetween('2026-11-24', '2026-11-24')).toBe(0);
  });

  it('finds the Monday of an ISO week', () => {
    expect(isoWeekStart('2026-11-23')).toBe('2026-11-23'); // a Monday
    expect(isoWeekStart('2026-11-29')).toBe('2026-11-23'); // its Sunday
    expect(isoWeekStart('2027-01-01')).toBe('2026-12-28'); // across the year end
  });

  it('validates calendar dates', () => {
    expect(isLocalDate('2026-02-28')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-2-1')).toBe(false);
    expect(isLocalDate(20260101)).toBe(false);
  });

  it('CALENDAR_DATE_PATTERN takes exactly the real dates of 2020-2099 (the calendar without its last year), and only as YYYY-MM-DD', () => {
    const pattern = new RegExp(CALENDAR_DATE_PATTERN);
    const wrong: string[] = [];
    // Every YYYY-MM-DD with months 00-13 and days 00-32 from the year before the calendar to the year after.
    for (let year = HOLIDAY_YEARS.first - 1; year <= HOLIDAY_YEARS.last + 1; year++) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const d = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const covered = isLocalDate(d) && year >= HOLIDAY_YEARS.first && year < HOLIDAY_YEARS.last;
          if (pattern.test(d) !== covered) wrong.push(d);
          // Business days counted from it stay inside the calendar.
          if (covered) addBusinessDays(nextBusinessDay(d), 60);
        }
      }
    }
    expect(wrong).toEqual([]);
    for (const bad of ['2026-1-01', '2026-01-01 ', '20260101', '2026-01-01T00:00:00Z', '２０２６-01-01']) expect({ bad, ok: pattern.test(bad) }).toEqual({ bad, ok: false });
  });
});
