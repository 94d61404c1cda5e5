import { ApiError } from '../../../api/errors';
import type { ItemDecision, MinutesBody, MinutesView } from '../api/meeting-types';
import { texts } from '../texts';

/** What the coordinator types, as typed (kept in the tab until it is saved): strings, never half-parsed. */
export interface DraftStep {
  key: string;
  description: string;
  ownerAuthorityId: string;
  assigneeUserId: string;
  dueDate: string;
}

export interface DraftItem {
  decision: ItemDecision | '';
  reason: string;
  note: string;
  nextReviewDate: string;
  steps: DraftStep[];
}

interface DraftAttendance {
  present: boolean;
  attendees: string;
}

export interface MinutesDraft {
  /** The saved version this draft was made from (null: no draft yet). */
  base: number | null;
  /** Changed since the last save. */
  dirty: boolean;
  attendance: Record<string, DraftAttendance>;
  items: Record<string, DraftItem>;
}

export const EMPTY_DRAFT: MinutesDraft = { base: null, dirty: false, attendance: {}, items: {} };
export const EMPTY_ITEM: DraftItem = { decision: '', reason: '', note: '', nextReviewDate: '', steps: [] };

/** Decisions that fit a person's status (libs/domain decideAgendaItem: the api refuses the others). */
export function decisionsFor(status: string): ItemDecision[] {
  if (status === 'NOMINATED') return ['ACCEPT', 'REJECT', 'CARRY_OVER'];
  if (status === 'ACTIVE') return ['CONTINUE', 'CLOSE', 'CARRY_OVER'];
  if (status === 'CLOSED') return ['REOPEN'];
  return [];
}

/** Steps and a review date belong to a person who is or becomes active. */
export const leadsToActive = (decision: ItemDecision | '') => decision === 'ACCEPT' || decision === 'CONTINUE' || decision === 'REOPEN';

let stepCounter = 0;
export const newStepKey = () => `step-${Date.now().toString(36)}-${(stepCounter++).toString(36)}`;

/** The saved minutes as a draft. */
export function draftFrom(m: MinutesView): Pick<MinutesDraft, 'attendance' | 'items'> {
  const attendance = Object.fromEntries(m.attendance.map((a) => [a.authorityId, { present: a.present, attendees: a.attendees ?? '' }]));
  const items = Object.fromEntries(
    m.items.map((i): [string, DraftItem] => [
      i.itemId,
      {
        decision: i.decision ?? '',
        reason: i.reason ?? '',
        note: i.note ?? '',
        nextReviewDate: i.nextReviewDate ?? '',
        steps: i.steps.map((s) => ({ ...s, key: newStepKey() })),
      },
    ]),
  );
  return { attendance, items };
}

const stepComplete = (s: DraftStep) => s.description.trim().length >= 3 && s.ownerAuthorityId !== '' && s.assigneeUserId !== '' && s.dueDate !== '';

/** Whether an item can be saved as it stands: a decision with a reason. Incomplete ones stay in the tab until they are. */
export const itemSavable = (i: DraftItem) => i.decision !== '' && i.reason.trim().length >= 3;

/**
 * What is sent: attendance as recorded, and each decision that has its reason, with the steps that
 * are filled in. The rest stays in the tab (the page says so) and goes with a later save.
 */
export function bodyFrom(d: MinutesDraft, order: string[]): MinutesBody {
  const items = order
    .map((itemId) => ({ itemId, item: d.items[itemId] }))
    .filter((x): x is { itemId: string; item: DraftItem } => x.item !== undefined && itemSavable(x.item))
    .map(({ itemId, item }) => {
      const active = leadsToActive(item.decision);
      const steps = active ? item.steps.filter(stepComplete).map(({ description, ownerAuthorityId, assigneeUserId, dueDate }) => ({ description: description.trim(), ownerAuthorityId, assigneeUserId, dueDate })) : [];
      return {
        itemId,
        decision: item.decision as ItemDecision,
        reason: item.reason.trim(),
        ...(item.note.trim() ? { note: item.note.trim() } : {}),
        ...(active && item.nextReviewDate ? { nextReviewDate: item.nextReviewDate } : {}),
        ...(steps.length ? { steps } : {}),
      };
    });
  const attendance = Object.entries(d.attendance).map(([authorityId, a]) => ({ authorityId, present: a.present, ...(a.attendees.trim() ? { attendees: a.attendees.trim() } : {}) }));
  return { ...(d.base !== null ? { version: d.base } : {}), attendance, items };
}

/** Whether the draft says what the saved minutes say (what a save would send, whatever version it was made from). */
export function sameContent(d: MinutesDraft, saved: MinutesView): boolean {
  const order = saved.items.map((i) => i.itemId);
  const sent = (x: MinutesDraft) => JSON.stringify({ ...bodyFrom(x, order), version: undefined });
  return sent(d) === sent({ ...d, ...draftFrom(saved) });
}

/** Items typed but not yet savable: the page names them so nobody thinks they are saved. */
export const unsavedItems = (d: MinutesDraft) => Object.entries(d.items).filter(([, i]) => !itemSavable(i) && (i.decision !== '' || i.reason.trim() !== '' || i.note.trim() !== '')).map(([id]) => id);

/** The api's answer that someone else saved meanwhile (409 on the version): nothing was overwritten. */
export const isVersionConflict = (error: unknown) => error instanceof ApiError && error.status === 409 && error.messages.some((m) => m.startsWith('Someone else saved'));

const PROBLEMS: [RegExp, string][] = [
  [/review date is set only|nextReviewDate/, texts.minutes.problems.review],
  [/steps are agreed only/, texts.minutes.problems.stepsOnlyActive],
  [/assignee/i, texts.minutes.problems.assignee],
  [/dueDate|due date/i, texts.minutes.problems.dueDate],
  [/owner/i, texts.minutes.problems.owner],
  [/reason/, texts.minutes.problems.reason],
];

/**
 * A refused save's problems in Danish: at the item they name (`items[n]` is the n-th item sent),
 * or `general` for one that names no item; null when the api's words are not known here (the
 * page then says it by status).
 */
export function itemProblems(error: unknown, sent: string[]): { byItem: Record<string, string>; general: string | null } {
  const byItem: Record<string, string> = {};
  let general: string | null = null;
  if (!(error instanceof ApiError)) return { byItem, general };
  for (const message of error.messages) {
    const n = /^items\[(\d+)\]/.exec(message);
    const itemId = n ? sent[Number(n[1])] : undefined;
    const text = error.status === 409 && /CONTINUE|CARRY_OVER|Cannot/.test(message) ? texts.minutes.problems.status : PROBLEMS.find(([re]) => re.test(message))?.[1];
    if (itemId && text) byItem[itemId] ??= text;
    else if (text) general ??= text;
  }
  return { byItem, general };
}
