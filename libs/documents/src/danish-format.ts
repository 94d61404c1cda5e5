import { requireInstant } from './validate';

/**
 * Danish texts for dates and times. Everything is shown in Europe/Copenhagen, whatever the
 * server's own time zone. Built from the formatter's parts rather than its whole string, so the
 * wording does not change with the ICU version ("tirsdag den 8. december 2026 kl. 09.00" in some).
 */
const TIME_ZONE = 'Europe/Copenhagen';

const dateTimeParts = new Intl.DateTimeFormat('da-DK', {
  timeZone: TIME_ZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const calendarDateParts = new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(format: Intl.DateTimeFormat, instant: Date): Record<string, string> {
  return Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
}

/** "tirsdag 8. december 2026" — the Copenhagen date of an instant. */
export function danishDate(instant: Date): string {
  requireInstant(instant, 'instant');
  const p = parts(dateTimeParts, instant);
  return `${p['weekday']} ${p['day']}. ${p['month']} ${p['year']}`;
}

/** "09:00" — the Copenhagen wall-clock time of an instant (24-hour). */
export function danishTime(instant: Date): string {
  requireInstant(instant, 'instant');
  const p = parts(dateTimeParts, instant);
  return `${p['hour']}:${p['minute']}`;
}

/** "tirsdag 8. december 2026 kl. 09:00" — an instant as Copenhagen date and time. */
export function danishDateTime(instant: Date): string {
  return `${danishDate(instant)} kl. ${danishTime(instant)}`;
}

/** The calendar date "2026-12-08" at midnight UTC; null for any other text (2026-02-30 and the like too). */
function calendarDate(date: string): Date | null {
  const m = LOCAL_DATE.exec(date);
  if (!m) return null;
  const utc = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return utc.toISOString().slice(0, 10) === date ? utc : null;
}

/**
 * "8. december 2026" for a calendar date "2026-12-08" (no time zone: it is already a Danish date).
 * Any other text is returned unchanged, so a caller's own wording is never lost.
 */
export function danishLocalDate(date: string): string {
  const utc = calendarDate(date);
  if (!utc) return date;
  const p = parts(calendarDateParts, utc);
  return `${p['day']}. ${p['month']} ${p['year']}`;
}

/** "08.12.2026" for a calendar date "2026-12-08": the short form of the notices. Any other text is returned unchanged. */
export function danishNumericDate(date: string): string {
  return calendarDate(date) ? `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}` : date;
}
