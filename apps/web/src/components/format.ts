/**
 * Dates as Danish people read them, always in Copenhagen time: "1. december 2026",
 * "1. december 2026 kl. 09.00". A calendar date (YYYY-MM-DD) is already a Danish date and is shown
 * as it is; an instant (ISO time) is shown as the Copenhagen date/time it falls on.
 */
const TIME_ZONE = 'Europe/Copenhagen';
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const calendarDate = new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const instantDate = new Intl.DateTimeFormat('da-DK', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
const instantTime = new Intl.DateTimeFormat('da-DK', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const weekdayDate = new Intl.DateTimeFormat('da-DK', { timeZone: TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const shortCalendar = new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', day: 'numeric', month: 'short' });
const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

function parts(format: Intl.DateTimeFormat, date: Date): Record<string, string> {
  return Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
}

function calendarUtc(date: string): Date | undefined {
  const m = LOCAL_DATE.exec(date);
  if (!m) return undefined;
  const utc = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return utc.toISOString().slice(0, 10) === date ? utc : undefined;
}

/** "1. december 2026" for "2026-12-01" or for an ISO instant (its Copenhagen date). */
export function danishDate(value: string): string {
  const utc = calendarUtc(value);
  const instant = utc ?? new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  const p = parts(utc ? calendarDate : instantDate, instant);
  return `${p['day']}. ${p['month']} ${p['year']}`;
}

/** "09.00": the Copenhagen wall-clock time of an instant. */
export function danishTime(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const p = parts(instantTime, instant);
  return `${p['hour']}.${p['minute']}`;
}

/** "1. december 2026 kl. 09.00" */
export function danishDateTime(iso: string): string {
  return `${danishDate(iso)} kl. ${danishTime(iso)}`;
}

/** "tirsdag 1. december 2026": for meetings, where the weekday matters. */
export function danishWeekdayDate(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const p = parts(weekdayDate, instant);
  return `${p['weekday']} ${p['day']}. ${p['month']} ${p['year']}`;
}

/** "1. dec." for a calendar date: chart axes. */
export function danishShortDate(date: string): string {
  const utc = calendarUtc(date);
  return utc ? shortCalendar.format(utc) : date;
}

/** Today's date in Copenhagen, YYYY-MM-DD. */
export function copenhagenToday(now = new Date()): string {
  return isoDay.format(now);
}

/** Calendar days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function calendarDaysBetween(from: string, to: string): number {
  const a = calendarUtc(from);
  const b = calendarUtc(to);
  if (!a || !b) return 0;
  return Math.round((b.getTime() - a.getTime()) / 86_400_000);
}

/** Days past `dueDate` today (Copenhagen): 0 on the due date, negative while days are left. */
export function daysPastDue(dueDate: string, now = new Date()): number {
  return calendarDaysBetween(dueDate, copenhagenToday(now));
}
