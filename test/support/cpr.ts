let counter = 0;

/**
 * A syntactically valid, unique CPR number for tests (born 1 Jan 1990 + n days; serial 4xxx).
 * Several deliberately fail modulus 11, which must not matter.
 */
export function testCpr(): { formatted: string; digits: string } {
  counter++;
  const date = new Date(Date.UTC(1990, 0, 1 + (counter % 3000) + Math.floor(Math.random() * 3000)));
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  const yy = String(date.getUTCFullYear() % 100).padStart(2, '0');
  const serial = String(1000 + Math.floor(Math.random() * 9000));
  return { formatted: `${dd}${mm}${yy}-${serial}`, digits: `${dd}${mm}${yy}${serial}` };
}
