import { ConflictError, ValidationError } from './errors';
import {
  FOKUSPERSON_DECISIONS,
  FOKUSPERSON_STATUSES,
  isOpenStatus,
  nextFokuspersonStatus,
  retentionDeadline,
  validateInclusionCriteria,
  type FokuspersonDecision,
  type FokuspersonStatus,
} from './fokusperson';

describe('fokusperson state machine', () => {
  const allowed: [FokuspersonStatus, FokuspersonDecision, FokuspersonStatus][] = [
    ['NOMINATED', 'ACCEPT', 'ACTIVE'],
    ['NOMINATED', 'REJECT', 'REJECTED'],
    ['ACTIVE', 'CLOSE', 'CLOSED'],
    ['CLOSED', 'REOPEN', 'ACTIVE'],
    ['CLOSED', 'ANONYMISE', 'ANONYMISED'],
    ['REJECTED', 'ANONYMISE', 'ANONYMISED'],
  ];

  it.each(allowed)('%s -%s-> %s', (from, decision, to) => {
    expect(nextFokuspersonStatus(from, decision)).toBe(to);
  });

  it('refuses every other transition with a conflict naming both ends', () => {
    let refused = 0;
    for (const from of FOKUSPERSON_STATUSES) {
      for (const decision of FOKUSPERSON_DECISIONS) {
        if (allowed.some(([f, d]) => f === from && d === decision)) continue;
        expect(() => nextFokuspersonStatus(from, decision)).toThrow(ConflictError);
        refused++;
      }
    }
    expect(refused).toBe(FOKUSPERSON_STATUSES.length * FOKUSPERSON_DECISIONS.length - allowed.length);
    expect(() => nextFokuspersonStatus('NOMINATED', 'CLOSE')).toThrow('Cannot close a fokusperson who is NOMINATED (allowed from ACTIVE)');
  });

  it('counts only nominated and active persons as open', () => {
    expect(FOKUSPERSON_STATUSES.filter(isOpenStatus)).toEqual(['NOMINATED', 'ACTIVE']);
  });
});

describe('inclusion criteria', () => {
  const ok = { challenges: ['SUBSTANCE_ABUSE'], frequentContactWith: ['POLICE'], reason: '  Mange henvendelser  ' } as const;

  it('accepts and trims', () => {
    expect(validateInclusionCriteria({ ...ok, challenges: [...ok.challenges], frequentContactWith: [...ok.frequentContactWith] }).reason).toBe('Mange henvendelser');
  });

  it.each([
    [{ challenges: [] }, /criteria.challenges must name/],
    [{ challenges: ['BOREDOM'] }, /criteria.challenges may only/],
    [{ challenges: ['SUBSTANCE_ABUSE', 'SUBSTANCE_ABUSE'] }, /repeat/],
    [{ frequentContactWith: [] }, /frequentContactWith must name/],
    [{ frequentContactWith: ['ARMY'] }, /frequentContactWith may only/],
    [{ reason: 'kort' }, /criteria.reason must be 10-2000/],
    [{ reason: undefined }, /criteria.reason/],
  ])('refuses %j', (change, message) => {
    expect(() => validateInclusionCriteria({ ...ok, ...change } as never)).toThrow(ValidationError);
    expect(() => validateInclusionCriteria({ ...ok, ...change } as never)).toThrow(message);
  });
});

describe('retention deadlines', () => {
  it('is 30 days after rejection and 24 months after closure by default', () => {
    expect(retentionDeadline('REJECTED', new Date('2026-03-01T10:00:00Z')).toISOString()).toBe('2026-03-31T10:00:00.000Z');
    expect(retentionDeadline('CLOSED', new Date('2026-03-15T10:00:00Z')).toISOString()).toBe('2028-03-15T10:00:00.000Z');
  });

  it('clamps months to the end of a shorter month', () => {
    expect(retentionDeadline('CLOSED', new Date('2026-01-31T00:00:00Z'), { afterRejectionDays: 30, afterClosureMonths: 1 }).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(retentionDeadline('CLOSED', new Date('2026-02-29T00:00:00Z'.replace('2026', '2028')), { afterRejectionDays: 30, afterClosureMonths: 12 }).toISOString()).toBe('2029-02-28T00:00:00.000Z');
  });

  it('follows the configured policy', () => {
    expect(retentionDeadline('REJECTED', new Date('2026-01-01T00:00:00Z'), { afterRejectionDays: 7, afterClosureMonths: 1 }).toISOString()).toBe('2026-01-08T00:00:00.000Z');
  });
});
