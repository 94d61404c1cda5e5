import { RuleViolationError } from './errors';
import { DEFAULT_MEETING_POLICY, meetingTimeline, pendingMeetingEvents } from './meeting';
import { earliestAgendaLock, requirePreparationWindow } from './meeting-preparation';

const at = (iso: string) => new Date(iso);
const lockOf = (startsAt: string, createdAt?: string) =>
  meetingTimeline(at(startsAt), DEFAULT_MEETING_POLICY, createdAt ? at(createdAt) : undefined)
    .find((e) => e.kind === 'LOCK')!
    .at.toISOString();

describe('the preparation window before a meeting’s agenda locks', () => {
  it('ends at 08:00 on the second business day after the day the meeting was created', () => {
    // Wednesday 2 December 2026, 10:00 Copenhagen: Friday 4 December 08:00.
    expect(earliestAgendaLock(at('2026-12-02T09:00:00Z'), DEFAULT_MEETING_POLICY).toISOString()).toBe('2026-12-04T07:00:00.000Z');
    // Friday: over the weekend to Tuesday.
    expect(earliestAgendaLock(at('2026-12-04T15:00:00Z'), DEFAULT_MEETING_POLICY).toISOString()).toBe('2026-12-08T07:00:00.000Z');
    // 23 December: 24 December (offices closed), Christmas and the weekend do not count.
    expect(earliestAgendaLock(at('2026-12-23T09:00:00Z'), DEFAULT_MEETING_POLICY).toISOString()).toBe('2026-12-29T07:00:00.000Z');
    expect(earliestAgendaLock(at('2026-12-02T09:00:00Z'), { sendAtHour: 13 }).toISOString()).toBe('2026-12-04T12:00:00.000Z');
  });

  it('moves the lock of a meeting created less than 7 days ahead to the end of the window, not to the moment of creation', () => {
    // Created Wednesday 2 December for Tuesday 8 December: the usual lock (1 December) has passed.
    expect(lockOf('2026-12-08T08:00:00Z')).toBe('2026-12-01T07:00:00.000Z');
    expect(lockOf('2026-12-08T08:00:00Z', '2026-12-02T09:00:00Z')).toBe('2026-12-04T07:00:00.000Z');
    // The preparation request is due at once (its time has passed): the window starts with it.
    const events = pendingMeetingEvents('PLANNED', new Set(), at('2026-12-08T08:00:00Z'), DEFAULT_MEETING_POLICY, at('2026-12-02T09:00:00Z'));
    expect(events.map((e) => [e.kind, e.at.toISOString()])).toEqual([
      ['PREPARE', '2026-11-24T07:00:00.000Z'],
      ['LOCK', '2026-12-04T07:00:00.000Z'],
      ['HOLD', '2026-12-08T08:00:00.000Z'],
      ['MINUTES_REMINDER', '2026-12-11T07:00:00.000Z'],
    ]);
  });

  it('keeps the usual lead time when the meeting was created in good time', () => {
    expect(lockOf('2027-02-02T08:00:00Z', '2026-12-02T09:00:00Z')).toBe('2027-01-26T07:00:00.000Z');
    expect(lockOf('2027-02-02T08:00:00Z', '2027-01-22T09:00:00Z')).toBe('2027-01-26T07:00:00.000Z');
  });

  it('refuses a meeting that starts before the window has ended, naming the earliest lock', () => {
    const created = at('2026-12-02T09:00:00Z');
    expect(() => requirePreparationWindow(at('2026-12-04T07:00:00Z'), created, DEFAULT_MEETING_POLICY)).toThrow(RuleViolationError);
    expect(() => requirePreparationWindow(at('2026-12-03T08:00:00Z'), created, DEFAULT_MEETING_POLICY)).toThrow(/no earlier than 2026-12-04T07:00:00.000Z .*choose a later start/);
    expect(() => requirePreparationWindow(at('2026-12-04T07:01:00Z'), created, DEFAULT_MEETING_POLICY)).not.toThrow();
  });
});
