import { ConflictError, RuleViolationError, ValidationError } from './errors';
import {
  daysPastDue,
  DEFAULT_REMINDER_POLICY,
  STEP_ACTIONS,
  stepActionPossible,
  trendWeeks,
  validateReminderPolicy,
  isOpenStep,
  isOverdue,
  nextStepEvent,
  stepWorkflowMustHear,
  upcomingStepEvent,
  nextStepStatus,
  planStepChange,
  STEP_STATUSES,
  validateDueDate,
  type StepEvent,
  type StepStatus,
  type StepTimelineState,
} from './step';

/** All events of a step's life in order, as if each were sent when due. */
function timeline(state: StepTimelineState, limit = 10): StepEvent[] {
  const sent = new Set<string>();
  const out: StepEvent[] = [];
  for (let ev = nextStepEvent(state, sent); ev && out.length < limit; ev = nextStepEvent(state, sent)) {
    out.push(ev);
    sent.add(ev.key);
  }
  return out;
}
const iso = (events: StepEvent[]) => events.map((e) => `${e.kind} ${e.at.toISOString()}`);

describe('step state machine', () => {
  it('runs ASSIGNED -> ACKNOWLEDGED -> IN_PROGRESS -> DONE, with block, resume and cancel', () => {
    expect(nextStepStatus('ASSIGNED', 'ACKNOWLEDGE')).toBe('ACKNOWLEDGED');
    expect(nextStepStatus('ACKNOWLEDGED', 'START')).toBe('IN_PROGRESS');
    expect(nextStepStatus('IN_PROGRESS', 'COMPLETE')).toBe('DONE');
    for (const open of ['ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS'] as StepStatus[]) {
      expect(nextStepStatus(open, 'BLOCK')).toBe('BLOCKED');
      expect(nextStepStatus(open, 'CANCEL')).toBe('CANCELLED');
    }
    expect(nextStepStatus('BLOCKED', 'RESUME')).toBe('IN_PROGRESS');
    expect(nextStepStatus('BLOCKED', 'CANCEL')).toBe('CANCELLED');
  });

  it('refuses to act on a closed step, and a step completed twice', () => {
    for (const closed of ['DONE', 'CANCELLED'] as StepStatus[]) {
      for (const action of ['ACKNOWLEDGE', 'START', 'COMPLETE', 'BLOCK', 'RESUME', 'CANCEL'] as const) {
        expect(() => nextStepStatus(closed, action)).toThrow(ConflictError);
      }
    }
    expect(() => nextStepStatus('DONE', 'COMPLETE')).toThrow('The step is DONE: it is closed and cannot be changed');
    expect(() => nextStepStatus('IN_PROGRESS', 'ACKNOWLEDGE')).toThrow(/allowed from ASSIGNED/);
  });

  it('derives overdue: open, not blocked, and past the due date in Copenhagen', () => {
    const now = new Date('2026-11-24T23:30:00Z'); // already 25 November in Copenhagen
    expect(isOverdue('IN_PROGRESS', '2026-11-24', now)).toBe(true);
    expect(isOverdue('IN_PROGRESS', '2026-11-25', now)).toBe(false);
    expect(isOverdue('BLOCKED', '2026-11-01', now)).toBe(false);
    expect(isOverdue('DONE', '2026-11-01', now)).toBe(false);
    expect(STEP_STATUSES.filter((s) => isOverdue(s, '2026-01-01', now))).toEqual(['ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS']);
  });

  it('counts Copenhagen calendar days past the due date; negative while days are left', () => {
    const now = new Date('2026-11-24T23:30:00Z'); // 25 November in Copenhagen
    expect(daysPastDue('2026-11-20', now)).toBe(5);
    expect(daysPastDue('2026-11-25', now)).toBe(0);
    expect(daysPastDue('2026-12-01', now)).toBe(-6);
  });

  it('says which actions each status admits: the transitions, and reassign or move while open', () => {
    const possible = (status: StepStatus) => STEP_ACTIONS.filter((a) => stepActionPossible(status, a));
    expect(possible('ASSIGNED')).toEqual(['ACKNOWLEDGE', 'START', 'COMPLETE', 'BLOCK', 'CANCEL', 'REASSIGN', 'CHANGE_DUE_DATE']);
    expect(possible('ACKNOWLEDGED')).toEqual(['START', 'COMPLETE', 'BLOCK', 'CANCEL', 'REASSIGN', 'CHANGE_DUE_DATE']);
    expect(possible('IN_PROGRESS')).toEqual(['COMPLETE', 'BLOCK', 'CANCEL', 'REASSIGN', 'CHANGE_DUE_DATE']);
    expect(possible('BLOCKED')).toEqual(['RESUME', 'CANCEL', 'REASSIGN', 'CHANGE_DUE_DATE']);
    expect(possible('DONE')).toEqual([]);
    expect(possible('CANCELLED')).toEqual([]);
    // The same rule as the transitions themselves: possible exactly when nextStepStatus does not refuse.
    for (const status of STEP_STATUSES) {
      for (const action of ['ACKNOWLEDGE', 'START', 'COMPLETE', 'BLOCK', 'RESUME', 'CANCEL'] as const) {
        let ok = true;
        try {
          nextStepStatus(status, action);
        } catch {
          ok = false;
        }
        expect({ status, action, possible: stepActionPossible(status, action) }).toEqual({ status, action, possible: ok });
      }
    }
  });

  it('lays out trend weeks: Mondays oldest first, each counted at its end, the current one now', () => {
    const now = new Date('2026-11-25T09:00:00Z'); // Wednesday 25 November 2026
    const weeks = trendWeeks(now, 3);
    expect(weeks.map((w) => w.weekStart)).toEqual(['2026-11-09', '2026-11-16', '2026-11-23']);
    expect(weeks[0]).toEqual({ weekStart: '2026-11-09', day: '2026-11-15', at: new Date('2026-11-15T23:00:00Z') }); // Monday 00:00 in Copenhagen (CET)
    expect(weeks[2]).toEqual({ weekStart: '2026-11-23', day: '2026-11-25', at: now });
    const summer = trendWeeks(new Date('2026-07-01T12:00:00Z'), 2)[0];
    expect(summer).toEqual({ weekStart: '2026-06-22', day: '2026-06-28', at: new Date('2026-06-28T22:00:00Z') }); // CEST
    expect(trendWeeks(now, 52)).toHaveLength(52);
  });

  it('validates due dates a person sets', () => {
    const now = new Date('2026-11-24T10:00:00Z');
    expect(validateDueDate('2026-11-24', now)).toBe('2026-11-24');
    expect(() => validateDueDate('2026-11-23', now)).toThrow(/in the past/);
    expect(() => validateDueDate('2026-02-30', now)).toThrow(ValidationError);
    expect(() => validateDueDate('2150-01-01', now)).toThrow(/no later than 2100-12-31/);
  });

  it('plans each change once: the row a transition makes, or the error that refuses it', () => {
    const now = new Date('2026-11-24T10:00:00Z');
    expect(planStepChange('IN_PROGRESS', { action: 'BLOCK', blockReason: 'CITIZEN_DECLINED' }, now)).toEqual({ status: 'BLOCKED', blockReason: 'CITIZEN_DECLINED', closes: false });
    expect(planStepChange('BLOCKED', { action: 'RESUME', blockReason: 'NOT_POSSIBLE' }, now)).toEqual({ status: 'IN_PROGRESS', blockReason: null, closes: false });
    expect(planStepChange('ACKNOWLEDGED', { action: 'COMPLETE' }, now)).toEqual({ status: 'DONE', blockReason: null, closes: true });
    expect(planStepChange('BLOCKED', { action: 'REASSIGN', assigneeUserId: 'u2' }, now)).toEqual({ status: 'ASSIGNED', assigneeUserId: 'u2', blockReason: null, closes: false });
    expect(planStepChange('BLOCKED', { action: 'CHANGE_DUE_DATE', dueDate: '2026-12-01' }, now)).toEqual({ status: 'BLOCKED', dueDate: '2026-12-01', blockReason: null, closes: false });
    expect(() => planStepChange('IN_PROGRESS', { action: 'CHANGE_DUE_DATE', dueDate: '2026-11-23' }, now)).toThrow(RuleViolationError);
    expect(() => planStepChange('IN_PROGRESS', { action: 'CHANGE_DUE_DATE', dueDate: 'tomorrow' }, now)).toThrow(ValidationError);
    expect(() => planStepChange('DONE', { action: 'REASSIGN', assigneeUserId: 'u2' }, now)).toThrow(ConflictError);
    expect(() => planStepChange('CANCELLED', { action: 'CHANGE_DUE_DATE', dueDate: '2026-12-01' }, now)).toThrow(ConflictError);
    expect(() => planStepChange('IN_PROGRESS', { action: 'ACKNOWLEDGE' }, now)).toThrow(/Cannot acknowledge a step that is IN_PROGRESS/);
  });
});

describe('reminder timeline (default policy)', () => {
  it('reminds to acknowledge after 2 business days, at the same time of day', () => {
    const [first] = timeline({ status: 'ASSIGNED', assigneeUserId: 'u1', assignedAt: new Date('2026-11-20T13:00:00Z'), dueDate: '2027-02-01' });
    expect(first).toEqual({ kind: 'ACK_REMINDER', at: new Date('2026-11-24T13:00:00Z'), key: 'ack-reminder-u1' }); // Fri -> Tue
  });

  it('puts due reminders on business days: a due date just after Easter', () => {
    // Due Tuesday 7 April 2026: 1 business day before is Wednesday 1 April (Easter in between).
    const events = timeline({ status: 'ACKNOWLEDGED', assigneeUserId: 'u1', assignedAt: new Date('2026-03-01T09:00:00Z'), dueDate: '2026-04-07' }, 3);
    expect(iso(events)).toEqual([
      'DUE_REMINDER 2026-03-26T07:00:00.000Z', // 5 business days before (Easter skipped), 08:00 CET
      'DUE_REMINDER 2026-04-01T06:00:00.000Z', // 1 business day before, 08:00 CEST
      'ESCALATION 2026-04-08T06:00:00.000Z', // the first business day after the due date
    ]);
  });

  it('puts due reminders on business days: a due date just after Christmas', () => {
    const events = timeline({ status: 'IN_PROGRESS', assigneeUserId: 'u1', assignedAt: new Date('2026-12-01T09:00:00Z'), dueDate: '2026-12-28' }, 3);
    expect(iso(events)).toEqual([
      'DUE_REMINDER 2026-12-17T07:00:00.000Z', // 24-27 December skipped
      'DUE_REMINDER 2026-12-23T07:00:00.000Z',
      'ESCALATION 2026-12-29T07:00:00.000Z',
    ]);
  });

  it('re-escalates every 5 business days, and stops for blocked, done or cancelled steps', () => {
    const state: StepTimelineState = { status: 'IN_PROGRESS', assigneeUserId: 'u1', assignedAt: new Date('2026-11-01T09:00:00Z'), dueDate: '2026-11-20' };
    const escalations = timeline(state, 6).filter((e) => e.kind === 'ESCALATION');
    expect(iso(escalations).slice(0, 3)).toEqual([
      'ESCALATION 2026-11-23T07:00:00.000Z',
      'ESCALATION 2026-11-30T07:00:00.000Z',
      'ESCALATION 2026-12-07T07:00:00.000Z',
    ]);
    for (const status of ['BLOCKED', 'DONE', 'CANCELLED'] as StepStatus[]) expect(nextStepEvent({ ...state, status }, new Set())).toBeNull();
  });

  it('does not send reminders whose time had passed at assignment; a new due date gives new reminders', () => {
    const late = timeline({ status: 'ACKNOWLEDGED', assigneeUserId: 'u1', assignedAt: new Date('2026-11-24T09:00:00Z'), dueDate: '2026-11-26' }, 2);
    expect(late.map((e) => e.key)).toEqual(['due-reminder-1-2026-11-26', 'escalation-2026-11-26-0']);
    const moved = nextStepEvent({ status: 'ACKNOWLEDGED', assigneeUserId: 'u1', assignedAt: new Date('2026-11-24T09:00:00Z'), dueDate: '2026-12-10' }, new Set(late.map((e) => e.key)));
    expect(moved?.key).toBe('due-reminder-5-2026-12-10');
  });
});

describe('the next reminder or escalation a step page shows', () => {
  const policy = { acknowledgeAfterBusinessDays: 3, dueRemindersBusinessDaysBefore: [4, 1], reEscalateEveryBusinessDays: 2, sendAtHour: 9 };
  const state: StepTimelineState = { status: 'ASSIGNED', assigneeUserId: 'u1', assignedAt: new Date('2026-11-02T10:15:00Z'), dueDate: '2026-11-20' };

  it('is, at any moment, the first event of the step’s life after that moment, as its workflow sends them', () => {
    const life = timeline(state, 12);
    expect(life.length).toBe(12);
    const withPolicy = (() => {
      const sent = new Set<string>();
      const out: StepEvent[] = [];
      for (let ev = nextStepEvent(state, sent, policy); ev && out.length < 12; ev = nextStepEvent(state, sent, policy)) {
        out.push(ev);
        sent.add(ev.key);
      }
      return out;
    })();
    for (const [events, given] of [[life, null], [withPolicy, policy]] as const) {
      const times = [state.assignedAt, ...events.map((e) => e.at)];
      for (const t of times) {
        for (const now of [new Date(t.getTime() - 1), t, new Date(t.getTime() + 1), new Date(t.getTime() + 3_600_000)]) {
          // Within the events listed (the life goes on, escalating, after the last).
          if (now >= events[events.length - 1]!.at) continue;
          expect(upcomingStepEvent(state, given, now)).toEqual(events.find((e) => e.at > now));
        }
      }
    }
  });

  it('takes the defaults for what the step’s settings leave out', () => {
    const now = new Date('2026-11-02T12:00:00Z');
    expect(upcomingStepEvent(state, {}, now)).toEqual(upcomingStepEvent(state, null, now));
    expect(upcomingStepEvent(state, { acknowledgeAfterBusinessDays: 3 }, now)).toEqual(upcomingStepEvent(state, { ...DEFAULT_REMINDER_POLICY, acknowledgeAfterBusinessDays: 3 }, now));
    expect(upcomingStepEvent(state, { acknowledgeAfterBusinessDays: 3 }, now)?.at).not.toEqual(upcomingStepEvent(state, null, now)?.at);
  });

  it('has none for a blocked, done or cancelled step, and finds a long-overdue step’s next escalation', () => {
    for (const status of ['BLOCKED', 'DONE', 'CANCELLED'] as StepStatus[]) expect(upcomingStepEvent({ ...state, status }, null, state.assignedAt)).toBeNull();
    const overdue = upcomingStepEvent({ ...state, status: 'IN_PROGRESS' }, { reEscalateEveryBusinessDays: 1 }, new Date('2029-06-01T12:00:00Z'));
    expect(overdue?.kind).toBe('ESCALATION');
    expect(overdue!.at > new Date('2029-06-01T12:00:00Z')).toBe(true);
    expect(overdue!.at.getTime() - Date.parse('2029-06-01T12:00:00Z')).toBeLessThan(4 * 24 * 3_600_000);
  });
});

describe('which changes a step’s workflow must hear of', () => {
  const base: StepTimelineState = { status: 'ACKNOWLEDGED', assigneeUserId: 'u1', assignedAt: new Date('2026-11-02T10:15:00Z'), dueDate: '2026-11-20' };
  const variants: StepTimelineState[] = [];
  for (const status of STEP_STATUSES) {
    for (const assigneeUserId of ['u1', 'u2']) {
      for (const dueDate of ['2026-11-20', '2026-12-04']) {
        for (const assignedAt of [base.assignedAt, new Date('2026-11-05T08:00:00Z')]) variants.push({ status, assigneeUserId, dueDate, assignedAt });
      }
    }
  }

  it('is not told of starting an acknowledged step; is told of every other transition, a new assignee and a new due date', () => {
    expect(stepWorkflowMustHear(base, { ...base, status: 'IN_PROGRESS' })).toBe(false);
    expect(stepWorkflowMustHear({ ...base, status: 'IN_PROGRESS' }, base)).toBe(false);
    expect(stepWorkflowMustHear({ ...base, status: 'ASSIGNED' }, base)).toBe(true);
    expect(stepWorkflowMustHear({ ...base, status: 'ASSIGNED' }, { ...base, status: 'IN_PROGRESS' })).toBe(true);
    for (const status of ['BLOCKED', 'DONE', 'CANCELLED'] as StepStatus[]) expect(stepWorkflowMustHear({ ...base, status: 'IN_PROGRESS' }, { ...base, status })).toBe(true);
    expect(stepWorkflowMustHear({ ...base, status: 'BLOCKED' }, { ...base, status: 'IN_PROGRESS' })).toBe(true);
    expect(stepWorkflowMustHear(base, { ...base, assigneeUserId: 'u2', assignedAt: new Date() })).toBe(true);
    expect(stepWorkflowMustHear(base, { ...base, dueDate: '2026-12-04' })).toBe(true);
  });

  it('is never left out of a change that would alter its reminders, its loop or an assignee’s notice', () => {
    for (const a of variants) {
      for (const b of variants) {
        if (stepWorkflowMustHear(a, b)) continue;
        expect(timeline(b, 8)).toEqual(timeline(a, 8));
        expect([isOpenStep(b.status), b.assigneeUserId]).toEqual([isOpenStep(a.status), a.assigneeUserId]);
      }
    }
  });
});

describe('reminder policy', () => {
  it('takes the defaults for what is left out and refuses nonsense, naming the field', () => {
    expect(validateReminderPolicy({})).toEqual(DEFAULT_REMINDER_POLICY);
    expect(validateReminderPolicy({ acknowledgeAfterBusinessDays: 5, dueRemindersBusinessDaysBefore: [1, 10] })).toMatchObject({
      acknowledgeAfterBusinessDays: 5,
      dueRemindersBusinessDaysBefore: [10, 1],
    });
    expect(() => validateReminderPolicy({ acknowledgeAfterBusinessDays: 0 })).toThrow(/acknowledgeAfterBusinessDays must be a whole number from 1 to 30/);
    expect(() => validateReminderPolicy({ dueRemindersBusinessDaysBefore: [3, 3] })).toThrow(/must not repeat/);
    expect(() => validateReminderPolicy({ reEscalateEveryBusinessDays: 1.5 })).toThrow(/reEscalateEveryBusinessDays/);
    expect(() => validateReminderPolicy({ sendAtHour: 24 })).toThrow(/sendAtHour/);
  });
});
