import { changesBetween } from './admin-audit';

describe('changesBetween', () => {
  it('names each changed field with its old and new value, and nothing else', () => {
    const before = { name: 'A', active: true, roles: ['CASEWORKER'] };
    const after = { name: 'B', active: true, roles: ['CASEWORKER', 'SUPERVISOR'] };
    expect(changesBetween(before, after, ['name', 'active', 'roles'])).toEqual({
      name: { from: 'A', to: 'B' },
      roles: { from: ['CASEWORKER'], to: ['CASEWORKER', 'SUPERVISOR'] },
    });
  });

  it('takes a creation as from null and a removal as to null', () => {
    expect(changesBetween(null, { code: 'x' }, ['code'])).toEqual({ code: { from: null, to: 'x' } });
    expect(changesBetween({ code: 'x' }, null, ['code'])).toEqual({ code: { from: 'x', to: null } });
  });

  it('compares objects by value, whatever the order of their keys (jsonb reorders them)', () => {
    const stored = { cadence: { time: '09:00', kind: 'DATES', dates: ['2027-01-05'] } };
    const sent = { cadence: { kind: 'DATES', dates: ['2027-01-05'], time: '09:00' } };
    expect(changesBetween(stored, sent, ['cadence'])).toEqual({});
    expect(changesBetween(stored, { cadence: { ...sent.cadence, time: '10:00' } }, ['cadence'])).toEqual({ cadence: { from: stored.cadence, to: { ...sent.cadence, time: '10:00' } } });
  });
});
