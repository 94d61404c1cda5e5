import { Cpr, CPR_PATTERN, maskCprDigits } from './cpr';
import { RuleViolationError, ValidationError } from './errors';

function modulus11Ok(digits: string): boolean {
  const weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
  return digits.split('').reduce((sum, d, i) => sum + Number(d) * weights[i], 0) % 11 === 0;
}

describe('Cpr', () => {
  it('accepts both shapes and normalises to ten digits', () => {
    expect(Cpr.parse('010190-1234').digits).toBe('0101901234');
    expect(Cpr.parse(' 0101901234 ').formatted).toBe('010190-1234');
  });

  it('never rejects on modulus 11 (numbers without it are valid since 2007)', () => {
    const digits = '0101901234';
    expect(modulus11Ok(digits)).toBe(false);
    expect(Cpr.parse(digits).digits).toBe(digits);
  });

  it.each([
    ['010190-1234', 1990], // 7th digit 0-3: 1900s
    ['010110-4234', 2010], // 4: 2000s up to 36
    ['010150-4234', 1950], // 4: 1900s from 37
    ['010120-9234', 2020], // 9 like 4
    ['010120-5234', 2020], // 5-8: 2000s up to 57
    ['010160-5234', 1860], // 5-8: 1800s from 58
    ['010199-8234', 1899],
  ])('places %s in %i', (cpr, year) => {
    expect(Cpr.parse(cpr).birthDate.year).toBe(year);
  });

  it('checks that the date exists, leap years included', () => {
    expect(Cpr.parse('290200-4234').birthDate).toEqual({ year: 2000, month: 2, day: 29 }); // 2000 is a leap year
    expect(() => Cpr.parse('290200-1234')).toThrow(/impossible date/); // 1900 is not
    expect(() => Cpr.parse('310485-1234')).toThrow(/impossible date/);
    expect(() => Cpr.parse('001085-1234')).toThrow(/impossible date/);
    expect(() => Cpr.parse('011385-1234')).toThrow(/impossible date/);
    expect(Cpr.parse('290296-1234').birthDate.day).toBe(29);
  });

  it('refuses other shapes with a ValidationError that never repeats the number', () => {
    for (const bad of ['12345', '010190 1234', '010190--1234', 'ABCDEF-1234', '01019012345', '', '010190/1234']) {
      expect(() => Cpr.parse(bad)).toThrow(ValidationError);
    }
    try {
      Cpr.parse('310285-9876');
    } catch (e) {
      expect((e as Error).message).not.toContain('9876');
    }
  });

  it('refuses a date of birth in the future', () => {
    expect(() => Cpr.parse('010150-5234')).toThrow(/in the future \(01-01-2050\)/);
  });

  it('prints itself masked', () => {
    const cpr = Cpr.parse('010190-1234');
    expect(cpr.masked).toBe('010190-XXXX');
    expect(String(cpr)).toBe('010190-XXXX');
    expect(JSON.stringify({ cpr })).toBe('{"cpr":"010190-XXXX"}');
    expect(maskCprDigits('0101901234')).toBe('010190-XXXX');
  });

  it('CPR_PATTERN (the OpenAPI document, the api) takes exactly what parse takes, but for dates of birth in the future', () => {
    const pattern = new RegExp(CPR_PATTERN);
    const wrong: string[] = [];
    // Every day/month of 00-99 (with impossible ones), every two-digit year, every 7th digit, both shapes.
    for (let dd = 0; dd <= 32; dd++) {
      for (let mm = 0; mm <= 13; mm++) {
        for (let yy = 0; yy <= 99; yy++) {
          for (let seventh = 0; seventh <= 9; seventh++) {
            const digits = `${String(dd).padStart(2, '0')}${String(mm).padStart(2, '0')}${String(yy).padStart(2, '0')}${seventh}123`;
            let parsed: boolean;
            try {
              Cpr.parse(digits);
              parsed = true;
            } catch (err) {
              parsed = err instanceof RuleViolationError; // in the future: the shape and date are right
            }
            if (pattern.test(digits) !== parsed || pattern.test(`${digits.slice(0, 6)}-${digits.slice(6)}`) !== parsed) wrong.push(digits);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    for (const bad of [' 0101901234', '0101901234 ', '010190--1234', '010190-123', '０１０１９０１２３４']) expect({ bad, ok: pattern.test(bad) }).toEqual({ bad, ok: false });
  });

  it('refuses a date of birth in the future as a rule violation (422): the number is well-formed', () => {
    expect(() => Cpr.parse('010150-5234')).toThrow(RuleViolationError);
  });
});
