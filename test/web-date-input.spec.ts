import { parseDanishDate } from '../apps/web/src/features/forum/components/date-input';

/** The coordinator's cadence form reads a date as Danes write it (or as ISO) and refuses a day that does not exist. */
describe('a date typed into the cadence form (web)', () => {
  it('reads d.m.yyyy, dd.mm.yyyy, dd-mm-yyyy and yyyy-mm-dd', () => {
    expect(parseDanishDate('5.1.2027')).toBe('2027-01-05');
    expect(parseDanishDate(' 05.01.2027 ')).toBe('2027-01-05');
    expect(parseDanishDate('05-01-2027')).toBe('2027-01-05');
    expect(parseDanishDate('5/1/2027')).toBe('2027-01-05');
    expect(parseDanishDate('2027-01-05')).toBe('2027-01-05');
  });

  it('refuses a day that does not exist, and anything else', () => {
    expect(parseDanishDate('30.02.2027')).toBeUndefined();
    expect(parseDanishDate('29.02.2028')).toBe('2028-02-29');
    expect(parseDanishDate('2027-1-5')).toBeUndefined();
    expect(parseDanishDate('i morgen')).toBeUndefined();
    expect(parseDanishDate('')).toBeUndefined();
  });
});
