import { DANISH_PUBLIC_HOLIDAYS, HOLIDAY_YEARS } from './danish-holidays.generated';

/**
 * The Danish business-day calendar, in Europe/Copenhagen. Not business days: Saturdays, Sundays,
 * the public holidays (helligdage: date-holidays' table for DK, generated into
 * danish-holidays.generated.ts so workflow code need not load the library), and the days public
 * offices close by agreement: Grundlovsdag (5 June), juleaftensdag (24 December) and
 * nytårsaftensdag (31 December).
 */
export type LocalDate = string; // YYYY-MM-DD, a Copenhagen calendar date

export const TIME_ZONE = 'Europe/Copenhagen';
const CLOSED_BY_AGREEMENT = ['06-05', '12-24', '12-31'];
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Months and days, MM-DD: 01-28 of every month, 29 and 30 of all but February, 31 of the long months. */
export const MONTH_DAY = '(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)';
/** 29 February of the leap years 2020-2096. */
const LEAP_DAY = '20(?:[2468][048]|[3579][26])-02-29';

/**
 * A date a person sets (a due date, a meeting day, a review date), YYYY-MM-DD, without anchors: a
 * real date of 2020-2099. The business-day calendar covers 2020-2100 (HOLIDAY_YEARS); its last year
 * is left as room for what is counted after a date (the next business day, reminders).
 */
export const CALENDAR_DATE = `(?:20[2-9][0-9]-${MONTH_DAY}|${LEAP_DAY})`;
export const CALENDAR_DATE_PATTERN = `^${CALENDAR_DATE}$`;
/**
 * The rest of an RFC 3339 date-time after the date and its T: a time with seconds (fractions up to
 * nanoseconds) and an offset, Z or ±HH:MM up to 14:59 (every time zone there is; PostgreSQL refuses
 * more than 15:59).
 */
export const TIME_AND_OFFSET = '(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-4]):[0-5][0-9])';

function isPublicHoliday(d: LocalDate): boolean {
  const year = Number(d.slice(0, 4));
  const days = DANISH_PUBLIC_HOLIDAYS[year];
  if (!days) throw new RangeError(`The business-day calendar covers ${HOLIDAY_YEARS.first}-${HOLIDAY_YEARS.last}, not ${year}`);
  return days.includes(d.slice(5));
}

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

function toUtcDate(d: LocalDate): Date {
  if (!isLocalDate(d)) throw new Error(`not a calendar date: ${d}`);
  return new Date(`${d}T00:00:00Z`);
}

export function addCalendarDays(d: LocalDate, days: number): LocalDate {
  const x = toUtcDate(d);
  x.setUTCDate(x.getUTCDate() + days);
  return x.toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((toUtcDate(to).getTime() - toUtcDate(from).getTime()) / 86_400_000);
}

/** The Monday of `d`'s ISO week (weeks run Monday to Sunday). */
export function isoWeekStart(d: LocalDate): LocalDate {
  return addCalendarDays(d, -((toUtcDate(d).getUTCDay() + 6) % 7));
}

export function isBusinessDay(d: LocalDate): boolean {
  const x = toUtcDate(d);
  const weekday = x.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  if (CLOSED_BY_AGREEMENT.includes(d.slice(5))) return false;
  return !isPublicHoliday(d);
}

/** The day itself if it is a business day, else the next one. */
export function nextBusinessDay(d: LocalDate): LocalDate {
  let x = d;
  while (!isBusinessDay(x)) x = addCalendarDays(x, 1);
  return x;
}

/**
 * Moves `n` business days from `d` (negative: back). Counting starts from the next (or previous)
 * day, so `addBusinessDays(friday, 1)` is the following Monday unless that is a holiday.
 */
export function addBusinessDays(d: LocalDate, n: number): LocalDate {
  const step = n >= 0 ? 1 : -1;
  let x = d;
  for (let left = Math.abs(n); left > 0; ) {
    x = addCalendarDays(x, step);
    if (isBusinessDay(x)) left--;
  }
  return x;
}

const partsFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

type LocalParts = { date: LocalDate; hour: number; minute: number; second: number };

/**
 * The last instant asked and its parts: a list judges every row by the same "now" (each of a
 * caseworker's steps, overdue and days past due), and formatToParts is the slow part (bench:load's api
 * profile: 9 % of its time before this).
 */
let lastParts: { at: number; parts: LocalParts } | undefined;

function localParts(instant: Date): LocalParts {
  const at = instant.getTime();
  if (lastParts?.at === at) return lastParts.parts;
  const p = Object.fromEntries(partsFormat.formatToParts(instant).map((x) => [x.type, x.value]));
  const parts = { date: `${p['year']}-${p['month']}-${p['day']}`, hour: Number(p['hour']), minute: Number(p['minute']), second: Number(p['second']) };
  lastParts = { at, parts };
  return parts;
}

/** The Copenhagen calendar date of an instant. */
export function copenhagenDate(instant: Date): LocalDate {
  return localParts(instant).date;
}

/** The instant of a Copenhagen wall-clock time (daylight saving handled). */
export function copenhagenInstant(d: LocalDate, hour: number, minute = 0): Date {
  const wanted = toUtcDate(d).getTime() + (hour * 60 + minute) * 60_000;
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const p = localParts(new Date(guess));
    const shown = toUtcDate(p.date).getTime() + ((p.hour * 60 + p.minute) * 60 + p.second) * 1000;
    guess += wanted - shown;
  }
  return new Date(guess);
}
