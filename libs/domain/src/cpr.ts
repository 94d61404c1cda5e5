import { RuleViolationError, ValidationError } from './errors';

const SHAPE = /^(\d{2})(\d{2})(\d{2})-?(\d{4})$/;

/** Days 01-28 of every month, 29 and 30 of all but February, 31 of the long months. */
const DAY_MONTH = '(?:(?:0[1-9]|1[0-9]|2[0-8])(?:0[1-9]|1[0-2])|(?:29|30)(?:0[13-9]|1[0-2])|31(?:0[13578]|1[02]))';
/**
 * 29 February: a year divisible by 4, where 00 is 2000 (a leap year) only with a 7th digit of 4-9,
 * and 1900 (not one) with 0-3; 1800 never occurs (5-8 with 00 is 2000).
 */
const LEAP_DAY = '2902(?:(?:0[48]|[2468][048]|[13579][26])-?[0-9]{4}|00-?[4-9][0-9]{3})';

/**
 * What `Cpr.parse` accepts, as a pattern for the OpenAPI document and the api's validation:
 * `DDMMYY-SSSS` or ten digits with a date of birth that exists (the century from the 7th digit).
 * Not stated: that the date is not in the future, which depends on the day it is checked.
 */
export const CPR_PATTERN = `^(?:${DAY_MONTH}[0-9]{2}-?[0-9]{4}|${LEAP_DAY})$`;

/** The century of a CPR birth year, from the 7th digit and the two-digit year (CPR-kontoret's rules). */
function fullYear(yy: number, seventh: number): number {
  if (seventh <= 3) return 1900 + yy;
  if (seventh === 4 || seventh === 9) return yy <= 36 ? 2000 + yy : 1900 + yy;
  return yy <= 57 ? 2000 + yy : 1800 + yy; // 5-8
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A Danish CPR number: `DDMMYY-SSSS` or ten digits, with a date of birth that exists. Numbers
 * are never rejected on the modulus-11 check: numbers without it have been issued since 2007.
 * It prints itself masked, so the full number does not leak into logs by accident.
 */
export class Cpr {
  private constructor(
    readonly digits: string,
    readonly birthDate: { year: number; month: number; day: number },
  ) {}

  static parse(input: string): Cpr {
    const match = SHAPE.exec(typeof input === 'string' ? input.trim() : '');
    if (!match) throw new ValidationError('CPR number must be DDMMYY-SSSS or 10 digits');
    const [, dd, mm, yy, serial] = match;
    const day = Number(dd);
    const month = Number(mm);
    const year = fullYear(Number(yy), Number(serial[0]));
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      throw new ValidationError(`CPR number has an impossible date of birth (${dd}-${mm}-${yy})`);
    }
    if (Date.UTC(year, month - 1, day) > Date.now()) {
      throw new RuleViolationError(`CPR number has a date of birth in the future (${dd}-${mm}-${year})`);
    }
    return new Cpr(`${dd}${mm}${yy}${serial}`, { year, month, day });
  }

  /** DDMMYY-SSSS */
  get formatted(): string {
    return `${this.digits.slice(0, 6)}-${this.digits.slice(6)}`;
  }

  /** DDMMYY-XXXX */
  get masked(): string {
    return maskCprDigits(this.digits);
  }

  toString(): string {
    return this.masked;
  }

  toJSON(): string {
    return this.masked;
  }
}

export function maskCprDigits(digits: string): string {
  return `${digits.slice(0, 6)}-XXXX`;
}
