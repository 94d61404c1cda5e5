import { ConflictError, definedOnly, RuleViolationError, ValidationError } from './errors';
import { HOLIDAY_YEARS } from './danish-holidays.generated';
import { addBusinessDays, addCalendarDays, calendarDaysBetween, copenhagenDate, copenhagenInstant, isLocalDate, isoWeekStart, nextBusinessDay, type LocalDate } from './business-days';

/** A helhedsplan step (indsats): one agreed action owned by one authority. */
export const STEP_STATUSES = ['ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'BLOCKED', 'DONE', 'CANCELLED'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** MARAC-style: "not possible" is told apart from "not done". */
export const BLOCK_REASONS = ['NOT_POSSIBLE', 'WAITING_ON_OTHER_AUTHORITY', 'CITIZEN_DECLINED'] as const;
export type BlockReason = (typeof BLOCK_REASONS)[number];

export const STEP_ACTIONS = ['ACKNOWLEDGE', 'START', 'COMPLETE', 'BLOCK', 'RESUME', 'CANCEL', 'REASSIGN', 'CHANGE_DUE_DATE'] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

const WORKING: StepStatus[] = ['ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS'];

/** Open: not DONE or CANCELLED. Blocked steps are open but get no reminders. */
export function isOpenStep(status: StepStatus): boolean {
  return status !== 'DONE' && status !== 'CANCELLED';
}

/** Overdue is derived, never stored: open, not blocked, and the due date has passed (Copenhagen). */
export function isOverdue(status: StepStatus, dueDate: LocalDate, now: Date): boolean {
  return WORKING.includes(status) && copenhagenDate(now) > dueDate;
}

const TRANSITIONS: Record<'ACKNOWLEDGE' | 'START' | 'COMPLETE' | 'BLOCK' | 'RESUME' | 'CANCEL', { from: StepStatus[]; to: StepStatus; verb: string }> = {
  ACKNOWLEDGE: { from: ['ASSIGNED'], to: 'ACKNOWLEDGED', verb: 'acknowledge' },
  START: { from: ['ASSIGNED', 'ACKNOWLEDGED'], to: 'IN_PROGRESS', verb: 'start' },
  COMPLETE: { from: ['ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS'], to: 'DONE', verb: 'complete' },
  BLOCK: { from: ['ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS'], to: 'BLOCKED', verb: 'block' },
  RESUME: { from: ['BLOCKED'], to: 'IN_PROGRESS', verb: 'resume' },
  CANCEL: { from: ['ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'BLOCKED'], to: 'CANCELLED', verb: 'cancel' },
};

/**
 * Copenhagen calendar days past the due date as of `now`: 0 on the due date, negative while days
 * are left. Says nothing about status (a blocked or done step has a due date too): see isOverdue.
 */
export function daysPastDue(dueDate: LocalDate, now: Date): number {
  return calendarDaysBetween(dueDate, copenhagenDate(now));
}

/** One week of an authority's step trend: the week's Monday, and when its counts are taken. */
export interface TrendWeek {
  weekStart: LocalDate;
  /** The day overdue is judged on: the week's Sunday, or today for the current week. */
  day: LocalDate;
  /** The instant open steps are counted at: the end of that Sunday (Copenhagen), or now. */
  at: Date;
}

/** The last `weeks` ISO weeks up to and including the current one (Copenhagen), oldest first. */
export function trendWeeks(now: Date, weeks: number): TrendWeek[] {
  const today = copenhagenDate(now);
  const current = isoWeekStart(today);
  return Array.from({ length: weeks }, (_, i) => {
    const weekStart = addCalendarDays(current, -7 * (weeks - 1 - i));
    if (weekStart === current) return { weekStart, day: today, at: now };
    return { weekStart, day: addCalendarDays(weekStart, 6), at: copenhagenInstant(addCalendarDays(weekStart, 7), 0) };
  });
}

/**
 * Whether a step in `status` admits `action` at all (who may take it is access-policy's
 * decideStepAccess): the transitions below, and reassigning or moving the due date while open.
 */
export function stepActionPossible(status: StepStatus, action: StepAction): boolean {
  if (action === 'REASSIGN' || action === 'CHANGE_DUE_DATE') return isOpenStep(status);
  return TRANSITIONS[action].from.includes(status);
}

/** The status after a status-changing action, or a conflict naming why not. */
export function nextStepStatus(from: StepStatus, action: keyof typeof TRANSITIONS): StepStatus {
  const t = TRANSITIONS[action];
  if (!stepActionPossible(from, action)) {
    throw new ConflictError(
      isOpenStep(from)
        ? `Cannot ${t.verb} a step that is ${from} (allowed from ${t.from.join(', ')})`
        : `The step is ${from}: it is closed and cannot be changed`,
    );
  }
  return t.to;
}

/** Reassigning and moving the due date are possible while the step is open. */
export function requireOpenStep(status: StepStatus): void {
  if (!isOpenStep(status)) throw new ConflictError(`The step is ${status}: it is closed and cannot be changed`);
}

/** A due date a person sets: a real date, not before today (Copenhagen). */
export function validateDueDate(dueDate: unknown, now: Date): LocalDate {
  if (!isLocalDate(dueDate)) throw new ValidationError('dueDate must be a calendar date YYYY-MM-DD');
  if (dueDate < copenhagenDate(now)) throw new RuleViolationError(`dueDate ${dueDate} is in the past`);
  if (Number(dueDate.slice(0, 4)) > HOLIDAY_YEARS.last) throw new ValidationError(`dueDate must be no later than ${HOLIDAY_YEARS.last}-12-31`);
  return dueDate;
}

/** A change of a step a person asks for (the api's route names the action). */
export interface StepChangeRequest {
  action: StepAction;
  blockReason?: BlockReason;
  assigneeUserId?: string;
  dueDate?: unknown;
}

/** What a change makes of a step's row: the rule of every transition, run once per change. */
export interface StepTransition {
  status: StepStatus;
  blockReason: BlockReason | null;
  /** A new assignee: the step is assigned again from now. */
  assigneeUserId?: string;
  dueDate?: LocalDate;
  /** DONE or CANCELLED: the step is closed now. */
  closes: boolean;
}

/**
 * The transition `request` makes of a step in status `from`, or the error that refuses it: a
 * conflict when the status does not admit it, a rule violation for a due date in the past.
 */
export function planStepChange(from: StepStatus, request: StepChangeRequest, now: Date): StepTransition {
  let status: StepStatus;
  let moved: Pick<StepTransition, 'assigneeUserId' | 'dueDate'> = {};
  switch (request.action) {
    case 'REASSIGN':
      requireOpenStep(from);
      if (!request.assigneeUserId) throw new ValidationError('assigneeUserId is required to reassign a step');
      status = 'ASSIGNED';
      moved = { assigneeUserId: request.assigneeUserId };
      break;
    case 'CHANGE_DUE_DATE':
      requireOpenStep(from);
      status = from;
      moved = { dueDate: validateDueDate(request.dueDate, now) };
      break;
    default:
      status = nextStepStatus(from, request.action);
  }
  return { ...moved, status, blockReason: status === 'BLOCKED' ? (request.blockReason ?? null) : null, closes: status === 'DONE' || status === 'CANCELLED' };
}

/** When and how often people are reminded; configurable per forum. */
export interface ReminderPolicy {
  /** Remind the assignee when a step is still unacknowledged this many business days after assignment. */
  acknowledgeAfterBusinessDays: number;
  /** Remind the assignee this many business days before the due date. */
  dueRemindersBusinessDaysBefore: number[];
  /** Re-escalate to the supervisors every this many business days while overdue. */
  reEscalateEveryBusinessDays: number;
  /** Copenhagen hour at which date-based reminders and escalations go out. */
  sendAtHour: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  acknowledgeAfterBusinessDays: 2,
  dueRemindersBusinessDaysBefore: [5, 1],
  reEscalateEveryBusinessDays: 5,
  sendAtHour: 8,
};

/** Checks a forum's reminder policy (fields left out take the defaults). */
export function validateReminderPolicy(input: Partial<ReminderPolicy>): ReminderPolicy {
  const p = { ...DEFAULT_REMINDER_POLICY, ...definedOnly(input) };
  const whole = (value: unknown, name: string, min: number, max: number) => {
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
      throw new ValidationError(`reminderPolicy.${name} must be a whole number from ${min} to ${max}`);
    }
  };
  whole(p.acknowledgeAfterBusinessDays, 'acknowledgeAfterBusinessDays', 1, 30);
  whole(p.reEscalateEveryBusinessDays, 'reEscalateEveryBusinessDays', 1, 60);
  whole(p.sendAtHour, 'sendAtHour', 0, 23);
  if (!Array.isArray(p.dueRemindersBusinessDaysBefore) || p.dueRemindersBusinessDaysBefore.length > 6) {
    throw new ValidationError('reminderPolicy.dueRemindersBusinessDaysBefore must list at most 6 numbers of business days');
  }
  for (const n of p.dueRemindersBusinessDaysBefore) whole(n, 'dueRemindersBusinessDaysBefore[]', 1, 60);
  if (new Set(p.dueRemindersBusinessDaysBefore).size !== p.dueRemindersBusinessDaysBefore.length) {
    throw new ValidationError('reminderPolicy.dueRemindersBusinessDaysBefore must not repeat a number');
  }
  return { ...p, dueRemindersBusinessDaysBefore: [...p.dueRemindersBusinessDaysBefore].sort((a, b) => b - a) };
}

export type StepEventKind = 'ACK_REMINDER' | 'DUE_REMINDER' | 'ESCALATION';

export interface StepEvent {
  kind: StepEventKind;
  at: Date;
  /** Unique per step and occasion: with the workflow id it makes the notification's idempotency key. */
  key: string;
}

export interface StepTimelineState {
  status: StepStatus;
  assigneeUserId: string;
  /** When the current assignee got the step (a reassignment starts the acknowledgement over). */
  assignedAt: Date;
  dueDate: LocalDate;
}

/**
 * The next reminder or escalation that has not been sent (one whose time has passed is due now). Acknowledgement reminder:
 * the same time of day, N business days after assignment. Due reminders: N business days before
 * the due date. Escalation: the first business day after the due date, then every N business days.
 * Date-based ones go out at `sendAtHour`, Copenhagen time. Keys carry the due date, so moving it
 * makes new reminders.
 */
export function nextStepEvent(
  state: StepTimelineState,
  sent: ReadonlySet<string> | ((event: StepEvent) => boolean),
  policy: ReminderPolicy = DEFAULT_REMINDER_POLICY,
): StepEvent | null {
  const isSent = typeof sent === 'function' ? sent : (event: StepEvent) => sent.has(event.key);
  if (!WORKING.includes(state.status)) return null;
  const candidates: StepEvent[] = [];
  if (state.status === 'ASSIGNED') {
    const assignedDay = copenhagenDate(state.assignedAt);
    const day = addBusinessDays(assignedDay, policy.acknowledgeAfterBusinessDays);
    const sameTime = new Date(state.assignedAt.getTime() + (copenhagenInstant(day, 0).getTime() - copenhagenInstant(assignedDay, 0).getTime()));
    candidates.push({ kind: 'ACK_REMINDER', at: sameTime, key: `ack-reminder-${state.assigneeUserId}` });
  }
  for (const n of policy.dueRemindersBusinessDaysBefore) {
    const at = copenhagenInstant(addBusinessDays(state.dueDate, -n), policy.sendAtHour);
    // A reminder whose time had passed when the step was assigned is not sent late.
    if (at > state.assignedAt) candidates.push({ kind: 'DUE_REMINDER', at, key: `due-reminder-${n}-${state.dueDate}` });
  }
  let day = nextBusinessDay(addCalendarDays(state.dueDate, 1));
  for (let k = 0; ; k++) {
    const at = copenhagenInstant(day, policy.sendAtHour);
    const escalation: StepEvent = { kind: 'ESCALATION', at, key: `escalation-${state.dueDate}-${k}` };
    if (!isSent(escalation)) {
      candidates.push(escalation);
      break;
    }
    day = addBusinessDays(day, policy.reEscalateEveryBusinessDays);
  }
  const pending = candidates.filter((c) => !isSent(c)).sort((a, b) => a.at.getTime() - b.at.getTime());
  return pending[0] ?? null;
}

/**
 * What of a step its workflow acts on: its assignee (each new one gets a notice), assignment time
 * and due date (`nextStepEvent` reads nothing else), and whether it is unacknowledged or being
 * worked on (the same reminders follow for acknowledged and in progress), blocked (silent), done
 * or cancelled (the workflow ends).
 */
function workflowFacts(s: StepTimelineState): string {
  const assignment = `${s.assigneeUserId}|${s.assignedAt.getTime()}|${s.dueDate}`;
  return WORKING.includes(s.status) ? `${s.status === 'ASSIGNED' ? 'unacknowledged' : 'working'}|${assignment}` : `${s.status}|${assignment}`;
}

/**
 * Whether a change of a step is one its workflow must hear of: it changes what the workflow acts
 * on (`workflowFacts`). Starting an acknowledged step, for one, changes nothing the workflow does:
 * the same reminders and escalation follow.
 */
export function stepWorkflowMustHear(before: StepTimelineState, after: StepTimelineState): boolean {
  return workflowFacts(before) !== workflowFacts(after);
}

/**
 * The step's next reminder or escalation after `now`, as its workflow runs them: each one whose
 * time has passed has been sent (its timer has fired), or is being sent now (a change, such as an
 * earlier due date, can make one due at once). What a step's page shows, from the step's row and
 * the settings it was agreed under, without asking the workflow.
 */
export function upcomingStepEvent(state: StepTimelineState, policy: Partial<ReminderPolicy> | null, now: Date): StepEvent | null {
  return nextStepEvent(state, (event) => event.at <= now, { ...DEFAULT_REMINDER_POLICY, ...(policy ?? {}) });
}
