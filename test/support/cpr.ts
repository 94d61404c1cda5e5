let counter = 0;
const DAYS = 10_000;

/**
 * The n-th test CPR number (n ≥ 0): born 1 Jan 1990 + (n mod 10,000) days, serial
 * 4000 + ⌊n / 10,000⌋, so different n never give the same number. Several fail modulus 11, which
 * must not matter.
 */
export function cprFor(n: number): { formatted: string; digits: string } {
  const date = new Date(Date.UTC(1990, 0, 1 + (n % DAYS)));
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  const yy = String(date.getUTCFullYear() % 100).padStart(2, '0');
  const serial = String(4000 + Math.floor(n / DAYS));
  return { formatted: `${dd}${mm}${yy}-${serial}`, digits: `${dd}${mm}${yy}${serial}` };
}

/** A test CPR number unique within the process by construction (each test file has its own process and database). */
export function testCpr(): { formatted: string; digits: string } {
  return cprFor(counter++);
}
