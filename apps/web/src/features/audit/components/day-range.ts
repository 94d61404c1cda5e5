const wallClock = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "2027-01-12T00:00:00+01:00": the instant a Copenhagen day (YYYY-MM-DD) begins, as the api takes it (seconds and offset). */
export function copenhagenDayStart(date: string): string {
  for (const offset of ['+01:00', '+02:00']) {
    const iso = `${date}T00:00:00${offset}`;
    const p = Object.fromEntries(wallClock.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
    if (`${p['year']}-${p['month']}-${p['day']}` === date && p['hour'] === '00') return iso;
  }
  return `${date}T00:00:00+01:00`;
}

/** The day after a calendar date. */
export function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
