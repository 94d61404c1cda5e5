let counter = 0;
const DAYS = 10_000;

/**
 * A syntactically valid CPR number for tests, unique within the process by construction: the n-th
 * call is born 1 Jan 1990 + (n mod 10,000) days with serial 4000 + ⌊n / 10,000⌋, so no two calls
 * give the same number (each test file has its own process and its own database). Several of them
 * fail modulus 11, which must not matter.
 */
export function testCpr(): { formatted: string; digits: string } {
  const n = counter++;
  const date = new Date(Date.UTC(1990, 0, 1 + (n % DAYS)));
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  const yy = String(date.getUTCFullYear() % 100).padStart(2, '0');
  const serial = String(4000 + Math.floor(n / DAYS));
  return { formatted: `${dd}${mm}${yy}-${serial}`, digits: `${dd}${mm}${yy}${serial}` };
}
