import { addBusinessDays, addCalendarDays, CALENDAR_DATE, copenhagenDate, copenhagenInstant, isLocalDate, nextBusinessDay, TIME_AND_OFFSET, type LocalDate } from './business-days';
import { ConflictError, definedOnly, RuleViolationError, ValidationError } from './errors';
import { nextFokuspersonStatus, type FokuspersonStatus } from './fokusperson';
import { earliestAgendaLock } from './meeting-preparation';

/** A PSP meeting (PSP-møde) of one forum. */
export const MEETING_STATUSES = ['PLANNED', 'AGENDA_LOCKED', 'HELD', 'MINUTES_APPROVED', 'CANCELLED'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/**
 * A forum's upcoming meetings are those not yet held (PLANNED, AGENDA_LOCKED: whatever the clock
 * says, until the workflow marks them HELD) and cancelled ones whose start is still ahead; every
 * other meeting is past (HELD, MINUTES_APPROVED, and cancelled ones whose start has passed).
 */
export const NOT_YET_HELD_STATUSES: readonly MeetingStatus[] = ['PLANNED', 'AGENDA_LOCKED'];

/**
 * When a forum meets: "every N weeks on weekday W at HH:MM" from a start date, or explicit dates
 * at one time of day. Both in Europe/Copenhagen; an occurrence on a day that is not a business day
 * moves to the next business day.
 */
export type Cadence =
  | { kind: 'EVERY_N_WEEKS'; everyWeeks: number; weekday: number; time: string; startDate: LocalDate; until?: LocalDate | null }
  | { kind: 'DATES'; dates: LocalDate[]; time: string };

export interface MeetingOccurrence {
  /** The date the cadence gives: with the forum it names the meeting, even when a holiday moves it. */
  plannedDate: LocalDate;
  /** The Copenhagen date it is held (the next business day when the planned date is not one). */
  date: LocalDate;
  startsAt: Date;
}

/** A meeting's start as the api takes it: an RFC 3339 date-time (TIME_AND_OFFSET) on a CALENDAR_DATE. */
export const MEETING_START_PATTERN = `^${CALENDAR_DATE}T${TIME_AND_OFFSET}$`;

/** A time of day, HH:MM (24-hour), as a pattern for the OpenAPI document and the api's validation. */
export const TIME_OF_DAY_PATTERN = '^(?:[01][0-9]|2[0-3]):[0-5][0-9]$';
const TIME = new RegExp(TIME_OF_DAY_PATTERN);
const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

/** Checks a cadence and returns it normalised; a cadence must yield at least one date from `today`. */
export function validateCadence(input: Cadence, today: LocalDate): Cadence {
  if (!input || typeof input !== 'object') throw new ValidationError('cadence must be an object');
  if (typeof input.time !== 'string' || !TIME.test(input.time)) throw new ValidationError('cadence.time must be HH:MM (24-hour, Copenhagen time)');
  let cadence: Cadence;
  if (input.kind === 'EVERY_N_WEEKS') {
    if (!Number.isInteger(input.everyWeeks) || input.everyWeeks < 1 || input.everyWeeks > 52) {
      throw new ValidationError('cadence.everyWeeks must be a whole number of weeks from 1 to 52');
    }
    if (!Number.isInteger(input.weekday) || input.weekday < 1 || input.weekday > 5) {
      throw new ValidationError('cadence.weekday must be 1 (Monday) to 5 (Friday)');
    }
    if (!isLocalDate(input.startDate)) throw new ValidationError('cadence.startDate must be a calendar date YYYY-MM-DD');
    if (input.until != null && !isLocalDate(input.until)) throw new ValidationError('cadence.until must be a calendar date YYYY-MM-DD');
    cadence = { kind: 'EVERY_N_WEEKS', everyWeeks: input.everyWeeks, weekday: input.weekday, time: input.time, startDate: input.startDate, until: input.until ?? null };
  } else if (input.kind === 'DATES') {
    if (!Array.isArray(input.dates) || input.dates.length === 0 || input.dates.length > 100) {
      throw new ValidationError('cadence.dates must list 1 to 100 calendar dates');
    }
    const bad = input.dates.find((d) => !isLocalDate(d));
    if (bad !== undefined) throw new ValidationError(`cadence.dates: ${String(bad)} is not a calendar date YYYY-MM-DD`);
    cadence = { kind: 'DATES', dates: [...new Set(input.dates)].sort(), time: input.time };
  } else {
    throw new ValidationError('cadence.kind must be EVERY_N_WEEKS or DATES');
  }
  if (meetingOccurrences(cadence, today, 1).length === 0) {
    throw new RuleViolationError(
      cadence.kind === 'DATES'
        ? 'The cadence yields no meeting: every date is in the past'
        : `The cadence yields no meeting: no ${WEEKDAY_NAMES[cadence.weekday]} between ${cadence.startDate} and ${cadence.until} from today on`,
    );
  }
  return cadence;
}

/** The next `limit` occurrences held on or after `from` (a Copenhagen date), in order. */
export function meetingOccurrences(cadence: Cadence, from: LocalDate, limit: number): MeetingOccurrence[] {
  const [hour, minute] = cadence.time.split(':').map(Number) as [number, number];
  const make = (plannedDate: LocalDate): MeetingOccurrence => {
    const date = nextBusinessDay(plannedDate);
    return { plannedDate, date, startsAt: copenhagenInstant(date, hour, minute) };
  };
  const out: MeetingOccurrence[] = [];
  if (cadence.kind === 'DATES') {
    for (const d of cadence.dates) {
      const o = make(d);
      if (o.date >= from) out.push(o);
      if (out.length >= limit) break;
    }
    return out;
  }
  // The first planned date: the cadence's weekday on or after the start date.
  const startWeekday = isoWeekday(cadence.startDate);
  let planned = addCalendarDays(cadence.startDate, (cadence.weekday - startWeekday + 7) % 7);
  const period = cadence.everyWeeks * 7;
  // Jump close to `from` instead of walking years of past meetings.
  if (planned < from) {
    const behind = Math.floor(daysBetween(planned, from) / period) - 1;
    if (behind > 0) planned = addCalendarDays(planned, behind * period);
  }
  while (out.length < limit) {
    if (cadence.until && planned > cadence.until) break;
    const o = make(planned);
    if (o.date >= from) out.push(o);
    planned = addCalendarDays(planned, period);
  }
  return out;
}

function isoWeekday(d: LocalDate): number {
  const w = new Date(`${d}T00:00:00Z`).getUTCDay();
  return w === 0 ? 7 : w;
}

function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** A forum's meeting timeline and review interval; configurable per forum. */
export interface MeetingPolicy {
  /** Ask the forum's coordinators to prepare the case list this many days before. */
  prepareDaysBefore: number;
  /** Lock the agenda and send it with the invite this many days before. */
  lockDaysBefore: number;
  /** Remind for minutes this many business days after the meeting, if not approved. */
  minutesReminderBusinessDaysAfter: number;
  durationMinutes: number;
  /** An active fokusperson is due for review this many days after acceptance or the last review. */
  reviewIntervalDays: number;
  /** Copenhagen hour at which preparation, lock and minutes reminders go out. */
  sendAtHour: number;
}

export const DEFAULT_MEETING_POLICY: MeetingPolicy = {
  prepareDaysBefore: 14,
  lockDaysBefore: 7,
  minutesReminderBusinessDaysAfter: 3,
  durationMinutes: 120,
  reviewIntervalDays: 91,
  sendAtHour: 8,
};

/** The policy a forum's meetings follow: what the forum stored, the defaults for the rest (or all of them). */
export function meetingPolicyOf(stored: Partial<MeetingPolicy> | null | undefined): MeetingPolicy {
  return { ...DEFAULT_MEETING_POLICY, ...(stored ?? {}) };
}

export function validateMeetingPolicy(input: Partial<MeetingPolicy>): MeetingPolicy {
  const p = meetingPolicyOf(definedOnly(input));
  const whole = (name: keyof MeetingPolicy, min: number, max: number) => {
    const v = p[name];
    if (!Number.isInteger(v) || v < min || v > max) throw new ValidationError(`meetingPolicy.${name} must be a whole number from ${min} to ${max}`);
  };
  whole('prepareDaysBefore', 1, 60);
  whole('lockDaysBefore', 0, 59);
  whole('minutesReminderBusinessDaysAfter', 1, 20);
  whole('durationMinutes', 15, 480);
  whole('reviewIntervalDays', 7, 730);
  whole('sendAtHour', 0, 23);
  if (p.lockDaysBefore >= p.prepareDaysBefore) throw new RuleViolationError('meetingPolicy.lockDaysBefore must be fewer days than prepareDaysBefore');
  return p;
}

export type MeetingEventKind = 'PREPARE' | 'LOCK' | 'HOLD' | 'MINUTES_REMINDER';

export interface MeetingEvent {
  kind: MeetingEventKind;
  at: Date;
}

/**
 * The meeting's timeline: preparation and lock N days before (at `sendAtHour`, but never after the
 * meeting starts), the meeting itself, and the minutes reminder N business days after. Given when
 * the meeting was created, the lock also waits for the preparation window (meeting-preparation.ts).
 */
export function meetingTimeline(startsAt: Date, policy: MeetingPolicy = DEFAULT_MEETING_POLICY, createdAt?: Date): MeetingEvent[] {
  const day = copenhagenDate(startsAt);
  const notAfterStart = (at: Date) => (at < startsAt ? at : startsAt);
  const before = (days: number) => notAfterStart(copenhagenInstant(addCalendarDays(day, -days), policy.sendAtHour));
  const lock = before(policy.lockDaysBefore);
  const earliest = createdAt ? earliestAgendaLock(createdAt, policy) : lock;
  return [
    { kind: 'PREPARE', at: before(policy.prepareDaysBefore) },
    { kind: 'LOCK', at: notAfterStart(earliest > lock ? earliest : lock) },
    { kind: 'HOLD', at: startsAt },
    { kind: 'MINUTES_REMINDER', at: copenhagenInstant(addBusinessDays(day, policy.minutesReminderBusinessDaysAfter), policy.sendAtHour) },
  ];
}

/** Which timeline events still apply in a status (a locked agenda is not locked again, and so on). */
export function pendingMeetingEvents(status: MeetingStatus, done: ReadonlySet<MeetingEventKind>, startsAt: Date, policy: MeetingPolicy, createdAt?: Date): MeetingEvent[] {
  if (status === 'CANCELLED' || status === 'MINUTES_APPROVED') return [];
  return meetingTimeline(startsAt, policy, createdAt).filter((e) => {
    if (done.has(e.kind)) return false;
    if (e.kind === 'PREPARE' || e.kind === 'LOCK') return status === 'PLANNED';
    if (e.kind === 'HOLD') return status === 'PLANNED' || status === 'AGENDA_LOCKED';
    return true;
  });
}

export type MeetingAction = 'LOCK' | 'HOLD' | 'APPROVE_MINUTES' | 'CANCEL' | 'RESCHEDULE';

const MEETING_TRANSITIONS: Record<MeetingAction, { from: MeetingStatus[]; to: MeetingStatus | null; verb: string }> = {
  LOCK: { from: ['PLANNED'], to: 'AGENDA_LOCKED', verb: 'lock the agenda of' },
  HOLD: { from: ['PLANNED', 'AGENDA_LOCKED'], to: 'HELD', verb: 'hold' },
  APPROVE_MINUTES: { from: ['HELD'], to: 'MINUTES_APPROVED', verb: 'approve the minutes of' },
  CANCEL: { from: ['PLANNED', 'AGENDA_LOCKED'], to: 'CANCELLED', verb: 'cancel' },
  RESCHEDULE: { from: ['PLANNED', 'AGENDA_LOCKED'], to: null, verb: 'reschedule' },
};

/** The status after an action (RESCHEDULE keeps it), or a conflict naming why not. */
export function nextMeetingStatus(from: MeetingStatus, action: MeetingAction): MeetingStatus {
  const t = MEETING_TRANSITIONS[action];
  if (!t.from.includes(from)) throw new ConflictError(`Cannot ${t.verb} a meeting that is ${from} (allowed when ${t.from.join(' or ')})`);
  return t.to ?? from;
}

/** The agenda (case list) can be edited until it is locked. */
export function requireEditableAgenda(status: MeetingStatus): void {
  if (status !== 'PLANNED') throw new ConflictError(`The agenda is ${status === 'AGENDA_LOCKED' ? 'locked' : `closed (the meeting is ${status})`} and can no longer be edited`);
}

/** Minutes are drafted once the agenda is locked, and approved once the meeting has taken place. */
export function requireMinutesDraftable(status: MeetingStatus): void {
  if (status !== 'AGENDA_LOCKED' && status !== 'HELD') {
    throw new ConflictError(
      status === 'MINUTES_APPROVED' ? 'The minutes are approved and locked' : `Minutes are written for a meeting whose agenda is locked; this one is ${status}`,
    );
  }
}

export const CASE_LIST_REASONS = ['NEW_NOMINATION', 'REVIEW_DUE', 'OVERDUE_OR_BLOCKED_STEPS', 'CARRIED_OVER', 'ADDED_BY_COORDINATOR'] as const;
export type CaseListReason = (typeof CASE_LIST_REASONS)[number];

/** What brings a person onto a meeting's case list, from live facts about them. */
export function caseListReasons(
  person: { status: FokuspersonStatus; nextReviewDate: LocalDate | null; overdueSteps: number; blockedSteps: number; carriedOver: boolean },
  meetingDate: LocalDate,
): CaseListReason[] {
  const reasons: CaseListReason[] = [];
  if (person.status === 'NOMINATED') reasons.push('NEW_NOMINATION');
  if (person.status === 'ACTIVE' && person.nextReviewDate !== null && person.nextReviewDate <= meetingDate) reasons.push('REVIEW_DUE');
  if (person.status === 'ACTIVE' && person.overdueSteps + person.blockedSteps > 0) reasons.push('OVERDUE_OR_BLOCKED_STEPS');
  if (person.carriedOver && (person.status === 'NOMINATED' || person.status === 'ACTIVE')) reasons.push('CARRIED_OVER');
  return reasons;
}

export const ITEM_DECISIONS = ['ACCEPT', 'REJECT', 'CLOSE', 'REOPEN', 'CONTINUE', 'CARRY_OVER'] as const;
export type ItemDecision = (typeof ITEM_DECISIONS)[number];

export interface ItemDecisionInput {
  decision: ItemDecision;
  stepCount: number;
  nextReviewDate: LocalDate | null;
}

/**
 * Checks one agenda item's decision against the person's status and returns the status it leads
 * to. Steps and a review date belong to a person who is (or becomes) ACTIVE; a review date lies
 * after the meeting. CARRY_OVER puts the person on the next meeting's list without a decision.
 */
export function decideAgendaItem(status: FokuspersonStatus, input: ItemDecisionInput, meetingDate: LocalDate, label: string): FokuspersonStatus {
  if (input.decision === 'CONTINUE' && status !== 'ACTIVE') {
    throw new ConflictError(`${label}: CONTINUE is for an ACTIVE fokusperson; this one is ${status}`);
  }
  if (input.decision === 'CARRY_OVER' && status !== 'ACTIVE' && status !== 'NOMINATED') {
    throw new ConflictError(`${label}: CARRY_OVER is for a nominated or active fokusperson; this one is ${status}`);
  }
  let after = status;
  if (input.decision !== 'CONTINUE' && input.decision !== 'CARRY_OVER') {
    try {
      after = nextFokuspersonStatus(status, input.decision);
    } catch (err) {
      throw new ConflictError(`${label}: ${(err as Error).message}`);
    }
  }
  if (after !== 'ACTIVE' && input.stepCount > 0) throw new RuleViolationError(`${label}: steps are agreed only for a person who is or becomes ACTIVE`);
  if (input.nextReviewDate !== null) {
    if (after !== 'ACTIVE') throw new RuleViolationError(`${label}: a review date is set only for a person who is or becomes ACTIVE`);
    if (!isLocalDate(input.nextReviewDate)) throw new ValidationError(`${label}: nextReviewDate must be a calendar date YYYY-MM-DD`);
    if (input.nextReviewDate <= meetingDate) throw new RuleViolationError(`${label}: nextReviewDate must be after the meeting (${meetingDate})`);
  }
  return after;
}

/** The review date when the minutes name none: the forum's interval after the meeting. */
export function defaultReviewDate(meetingDate: LocalDate, policy: MeetingPolicy = DEFAULT_MEETING_POLICY): LocalDate {
  return addCalendarDays(meetingDate, policy.reviewIntervalDays);
}
