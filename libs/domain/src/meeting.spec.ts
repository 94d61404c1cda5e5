import { ConflictError, RuleViolationError, ValidationError } from './errors';
import {
  caseListReasons,
  decideAgendaItem,
  DEFAULT_MEETING_POLICY,
  meetingOccurrences,
  meetingPolicyOf,
  meetingTimeline,
  nextMeetingStatus,
  pendingMeetingEvents,
  requireEditableAgenda,
  requireMinutesDraftable,
  validateCadence,
  validateMeetingPolicy,
  type Cadence,
} from './meeting';

describe('meeting cadence', () => {
  const everyThursday: Cadence = { kind: 'EVERY_N_WEEKS', everyWeeks: 1, weekday: 4, time: '09:00', startDate: '2027-04-26' };

  it('moves an occurrence on a public holiday to the next business day, keeping its planned date', () => {
    // Thursday 6 May 2027 is Kristi himmelfartsdag: held Friday 7 May.
    const o = meetingOccurrences(everyThursday, '2027-04-26', 3);
    expect(o.map((x) => [x.plannedDate, x.date])).toEqual([
      ['2027-04-29', '2027-04-29'],
      ['2027-05-06', '2027-05-07'],
      ['2027-05-13', '2027-05-13'],
    ]);
  });

  it('keeps the Copenhagen wall-clock time across daylight saving', () => {
    const o = meetingOccurrences({ kind: 'EVERY_N_WEEKS', everyWeeks: 1, weekday: 4, time: '09:00', startDate: '2026-10-19' }, '2026-10-19', 2);
    expect(o.map((x) => x.startsAt.toISOString())).toEqual(['2026-10-22T07:00:00.000Z', '2026-10-29T08:00:00.000Z']);
  });

  it('counts every N weeks from the start date, and jumps to the present without walking the past', () => {
    const c: Cadence = { kind: 'EVERY_N_WEEKS', everyWeeks: 3, weekday: 2, time: '13:30', startDate: '2026-01-01' };
    const [first] = meetingOccurrences(c, '2026-01-01', 1);
    expect(first.plannedDate).toBe('2026-01-06'); // the first Tuesday on or after the start
    const later = meetingOccurrences(c, '2040-06-01', 2);
    for (const x of later) expect((Date.parse(x.plannedDate) - Date.parse('2026-01-06')) % (21 * 86_400_000)).toBe(0);
    expect(later[0].date >= '2040-06-01').toBe(true);
  });

  it('explicit dates: in order, past ones left out, holidays moved (26 March 2027 is Good Friday, 29 March Easter Monday)', () => {
    const c: Cadence = { kind: 'DATES', dates: ['2027-03-26', '2026-01-05', '2027-03-01'], time: '10:00' };
    expect(meetingOccurrences(validateCadence(c, '2026-12-01'), '2026-12-01', 5).map((x) => x.date)).toEqual(['2027-03-01', '2027-03-30']);
  });

  it('refuses a cadence that yields no dates, and malformed ones, naming the field', () => {
    const cases: [unknown, RegExp][] = [
      [{ kind: 'DATES', dates: ['2020-01-07'], time: '09:00' }, /yields no meeting: every date is in the past/],
      [{ ...everyThursday, until: '2027-04-27' }, /yields no meeting/],
      [{ ...everyThursday, weekday: 6 }, /weekday must be 1 \(Monday\) to 5/],
      [{ ...everyThursday, everyWeeks: 0 }, /everyWeeks/],
      [{ ...everyThursday, time: '24:00' }, /time must be HH:MM/],
      [{ ...everyThursday, startDate: '2027-02-30' }, /startDate/],
      [{ kind: 'DATES', dates: [], time: '09:00' }, /1 to 100 calendar dates/],
      [{ kind: 'MONTHLY', time: '09:00' }, /kind must be EVERY_N_WEEKS or DATES/],
    ];
    for (const [c, message] of cases) {
      // Yielding no meeting depends on the day: a rule violation (422), not malformed input (400).
      expect(() => validateCadence(c as Cadence, '2027-04-26')).toThrow(/yields no meeting/.test(message.source) ? RuleViolationError : ValidationError);
      expect(() => validateCadence(c as Cadence, '2027-04-26')).toThrow(message);
    }
  });
});

describe('meeting policy and timeline', () => {
  it('defaults: prepare 14 days and lock 7 days before at 08:00, minutes reminder 3 business days after', () => {
    // Tuesday 22 December 2026 09:00: reminder after 23 (1), 28 (2), 29 (3) December: 24-27 are not business days.
    const timeline = meetingTimeline(new Date('2026-12-22T08:00:00Z'));
    expect(timeline.map((e) => [e.kind, e.at.toISOString()])).toEqual([
      ['PREPARE', '2026-12-08T07:00:00.000Z'],
      ['LOCK', '2026-12-15T07:00:00.000Z'],
      ['HOLD', '2026-12-22T08:00:00.000Z'],
      ['MINUTES_REMINDER', '2026-12-29T07:00:00.000Z'],
    ]);
  });

  it('a forum’s stored policy overrides the defaults field by field; none stored: the defaults', () => {
    expect(meetingPolicyOf(null)).toEqual(DEFAULT_MEETING_POLICY);
    expect(meetingPolicyOf({ durationMinutes: 90 })).toEqual({ ...DEFAULT_MEETING_POLICY, durationMinutes: 90 });
  });

  it('what is still pending follows the status', () => {
    const at = new Date('2026-12-22T08:00:00Z');
    const kinds = (status: Parameters<typeof pendingMeetingEvents>[0], done: string[] = []) =>
      pendingMeetingEvents(status, new Set(done as never), at, DEFAULT_MEETING_POLICY).map((e) => e.kind);
    expect(kinds('PLANNED')).toEqual(['PREPARE', 'LOCK', 'HOLD', 'MINUTES_REMINDER']);
    expect(kinds('PLANNED', ['PREPARE'])).toEqual(['LOCK', 'HOLD', 'MINUTES_REMINDER']);
    expect(kinds('AGENDA_LOCKED')).toEqual(['HOLD', 'MINUTES_REMINDER']);
    expect(kinds('HELD')).toEqual(['MINUTES_REMINDER']);
    expect(kinds('MINUTES_APPROVED')).toEqual([]);
    expect(kinds('CANCELLED')).toEqual([]);
  });

  it('validates a forum’s policy', () => {
    expect(validateMeetingPolicy({ prepareDaysBefore: 21 })).toMatchObject({ prepareDaysBefore: 21, lockDaysBefore: 7 });
    expect(() => validateMeetingPolicy({ lockDaysBefore: 14 })).toThrow(/lockDaysBefore must be fewer days than prepareDaysBefore/);
    expect(() => validateMeetingPolicy({ durationMinutes: 5 })).toThrow(/durationMinutes/);
  });
});

describe('meeting state machine', () => {
  it('PLANNED → AGENDA_LOCKED → HELD → MINUTES_APPROVED, or CANCELLED before it is held', () => {
    expect(nextMeetingStatus('PLANNED', 'LOCK')).toBe('AGENDA_LOCKED');
    expect(nextMeetingStatus('AGENDA_LOCKED', 'HOLD')).toBe('HELD');
    expect(nextMeetingStatus('HELD', 'APPROVE_MINUTES')).toBe('MINUTES_APPROVED');
    expect(nextMeetingStatus('AGENDA_LOCKED', 'CANCEL')).toBe('CANCELLED');
    expect(nextMeetingStatus('AGENDA_LOCKED', 'RESCHEDULE')).toBe('AGENDA_LOCKED');
    expect(() => nextMeetingStatus('HELD', 'CANCEL')).toThrow(ConflictError);
    expect(() => nextMeetingStatus('MINUTES_APPROVED', 'APPROVE_MINUTES')).toThrow(/Cannot approve the minutes of a meeting that is MINUTES_APPROVED/);
    expect(() => nextMeetingStatus('CANCELLED', 'RESCHEDULE')).toThrow(ConflictError);
  });

  it('the agenda is edited until the lock; minutes are drafted after it, until approved', () => {
    expect(() => requireEditableAgenda('PLANNED')).not.toThrow();
    expect(() => requireEditableAgenda('AGENDA_LOCKED')).toThrow(/locked/);
    expect(() => requireMinutesDraftable('PLANNED')).toThrow(ConflictError);
    expect(() => requireMinutesDraftable('HELD')).not.toThrow();
    expect(() => requireMinutesDraftable('MINUTES_APPROVED')).toThrow(/approved and locked/);
  });
});

describe('case list and decisions', () => {
  const person = { status: 'ACTIVE' as const, nextReviewDate: null, overdueSteps: 0, blockedSteps: 0, carriedOver: false };

  it('brings a person for each live reason, and no one else', () => {
    expect(caseListReasons({ ...person, status: 'NOMINATED' }, '2027-01-12')).toEqual(['NEW_NOMINATION']);
    expect(caseListReasons({ ...person, nextReviewDate: '2027-01-12' }, '2027-01-12')).toEqual(['REVIEW_DUE']);
    expect(caseListReasons({ ...person, nextReviewDate: '2027-01-13' }, '2027-01-12')).toEqual([]);
    expect(caseListReasons({ ...person, overdueSteps: 1, blockedSteps: 1, carriedOver: true }, '2027-01-12')).toEqual(['OVERDUE_OR_BLOCKED_STEPS', 'CARRIED_OVER']);
    expect(caseListReasons({ ...person, status: 'REJECTED', carriedOver: true }, '2027-01-12')).toEqual([]);
  });

  it('checks each decision against the person’s status', () => {
    const none = { stepCount: 0, nextReviewDate: null };
    expect(decideAgendaItem('NOMINATED', { decision: 'ACCEPT', ...none }, '2027-01-12', 'item 1')).toBe('ACTIVE');
    expect(decideAgendaItem('NOMINATED', { decision: 'REJECT', ...none }, '2027-01-12', 'item 1')).toBe('REJECTED');
    expect(decideAgendaItem('CLOSED', { decision: 'REOPEN', ...none }, '2027-01-12', 'item 1')).toBe('ACTIVE');
    expect(decideAgendaItem('NOMINATED', { decision: 'CARRY_OVER', ...none }, '2027-01-12', 'item 1')).toBe('NOMINATED');
    expect(() => decideAgendaItem('NOMINATED', { decision: 'CLOSE', ...none }, '2027-01-12', 'item 2')).toThrow(/item 2: Cannot close a fokusperson who is NOMINATED/);
    expect(() => decideAgendaItem('NOMINATED', { decision: 'CONTINUE', ...none }, '2027-01-12', 'item 2')).toThrow(ConflictError);
    expect(() => decideAgendaItem('NOMINATED', { decision: 'REJECT', stepCount: 1, nextReviewDate: null }, '2027-01-12', 'item 3')).toThrow(/steps are agreed only/);
    expect(() => decideAgendaItem('ACTIVE', { decision: 'CONTINUE', stepCount: 0, nextReviewDate: '2027-01-12' }, '2027-01-12', 'item 4')).toThrow(/after the meeting/);
    expect(decideAgendaItem('ACTIVE', { decision: 'CONTINUE', stepCount: 2, nextReviewDate: '2027-04-12' }, '2027-01-12', 'item 4')).toBe('ACTIVE');
  });
});
