import { addBusinessDays, copenhagenDate, copenhagenInstant } from './business-days';
import { RuleViolationError } from './errors';
import type { MeetingPolicy } from './meeting';

/**
 * The coordinators' preparation window: however close a meeting is when it comes into being (an
 * extra meeting, or a cadence set a few days ahead), its agenda does not lock before 08:00 (the
 * forum's send hour) on the second business day after the day it was created. The preparation
 * request goes out at once; the case list stays open until then.
 */
export const PREPARATION_WINDOW_BUSINESS_DAYS = 2;

/** The earliest moment the agenda of a meeting created at `createdAt` may lock. */
export function earliestAgendaLock(createdAt: Date, policy: Pick<MeetingPolicy, 'sendAtHour'>): Date {
  return copenhagenInstant(addBusinessDays(copenhagenDate(createdAt), PREPARATION_WINDOW_BUSINESS_DAYS), policy.sendAtHour);
}

/** Whether a meeting starting at `startsAt`, created at `createdAt`, can have its window: it starts after its earliest lock. */
export function leavesPreparationWindow(startsAt: Date, createdAt: Date, policy: Pick<MeetingPolicy, 'sendAtHour'>): boolean {
  return startsAt > earliestAgendaLock(createdAt, policy);
}

/**
 * A meeting created (or moved) so close that the window is impossible is refused: it must start
 * after its earliest lock, so the case list can be prepared and locked before it begins. (The
 * planner does not create such a meeting from a cadence either.)
 */
export function requirePreparationWindow(startsAt: Date, createdAt: Date, policy: Pick<MeetingPolicy, 'sendAtHour'>): void {
  const earliest = earliestAgendaLock(createdAt, policy);
  if (!leavesPreparationWindow(startsAt, createdAt, policy)) {
    throw new RuleViolationError(
      `startsAt ${startsAt.toISOString()} leaves the coordinators no time to prepare the case list: the agenda locks no earlier than ` +
        `${earliest.toISOString()} (${PREPARATION_WINDOW_BUSINESS_DAYS} business days after the meeting was created, at ${String(policy.sendAtHour).padStart(2, '0')}:00 Copenhagen time); choose a later start`,
    );
  }
}
