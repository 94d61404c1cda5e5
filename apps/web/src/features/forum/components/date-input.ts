/** "05.01.2027" or "5.1.2027" (as Danes write a date) or "2027-01-05" → "2027-01-05"; undefined when it is no real date. */
export function parseDanishDate(input: string): string | undefined {
  const value = input.trim();
  const danish = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(value);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const [y, m, d] = danish ? [danish[3], danish[2], danish[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (!y || !m || !d) return undefined;
  const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const utc = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(utc.getTime()) && utc.toISOString().slice(0, 10) === date ? date : undefined;
}

/** "2027-01-05" → "05.01.2027": how the form shows a date it was given. */
export function danishDateInput(date: string | null | undefined): string {
  const m = date ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  return m ? `${m[3]}.${m[2]}.${m[1]}` : '';
}
