import { hasAnyRole, isRole } from './identity';

describe('roles', () => {
  it('recognises only the five roles', () => {
    expect(isRole('COORDINATOR')).toBe(true);
    expect(isRole('coordinator')).toBe(false);
    expect(isRole('ROOT')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });

  it('grants when the actor holds one of the required roles', () => {
    expect(hasAnyRole({ roles: ['CASEWORKER', 'SUPERVISOR'] }, ['SUPERVISOR'])).toBe(true);
    expect(hasAnyRole({ roles: ['CASEWORKER'] }, ['ADMIN', 'AUDITOR'])).toBe(false);
    expect(hasAnyRole({ roles: [] }, ['ADMIN'])).toBe(false);
  });
});
