/**
 * The api's CPR check (libs/domain Cpr.parse), mirrored so the form can explain at once: the shape
 * DDMMYY-SSSS or ten digits, and a date of birth that exists and is not in the future. Never the
 * modulus-11 check: numbers without it have been issued since 2007.
 */
const SHAPE = /^(\d{2})(\d{2})(\d{2})-?(\d{4})$/;

export type CprProblem = 'missing' | 'shape' | 'date' | 'future';

function fullYear(yy: number, seventh: number): number {
  if (seventh <= 3) return 1900 + yy;
  if (seventh === 4 || seventh === 9) return yy <= 36 ? 2000 + yy : 1900 + yy;
  return yy <= 57 ? 2000 + yy : 1800 + yy;
}

export function cprProblem(input: string, now = new Date()): CprProblem | undefined {
  const value = input.trim();
  if (value === '') return 'missing';
  const m = SHAPE.exec(value);
  if (!m) return 'shape';
  const [, dd, mm, yy, serial] = m as unknown as [string, string, string, string, string];
  const day = Number(dd);
  const month = Number(mm);
  const year = fullYear(Number(yy), Number(serial[0]));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return 'date';
  if (Date.UTC(year, month - 1, day) > now.getTime()) return 'future';
  return undefined;
}
