import { ApiError, fieldProblems } from '../../../api/errors';
import { ErrorSummary, TextField } from '../../../components/form-fields';
import type { ReminderPolicy } from '../api/forum';
import { texts } from '../texts';
import { useSettingsForm } from './settings-form';

type Field = 'acknowledge' | 'due' | 'reEscalate' | 'sendAtHour';
const FIELDS: Field[] = ['acknowledge', 'due', 'reEscalate', 'sendAtHour'];
const fieldId = (f: Field) => `reminder-${f}`;
const API_FIELDS: Record<Field, readonly string[]> = {
  acknowledge: ['acknowledgeAfterBusinessDays', 'reminderPolicy.acknowledgeAfterBusinessDays'],
  due: ['dueRemindersBusinessDaysBefore', 'of dueRemindersBusinessDaysBefore', 'reminderPolicy.dueRemindersBusinessDaysBefore'],
  reEscalate: ['reEscalateEveryBusinessDays', 'reminderPolicy.reEscalateEveryBusinessDays'],
  sendAtHour: ['sendAtHour', 'reminderPolicy.sendAtHour'],
};

/** The api's defaults (libs/domain DEFAULT_REMINDER_POLICY), offered as one click. */
const DEFAULTS: Draft = { acknowledge: '2', due: '5, 1', reEscalate: '5', sendAtHour: '8' };

type Draft = Record<Field, string>;

function draftOf(policy: ReminderPolicy): Draft {
  return {
    acknowledge: String(policy.acknowledgeAfterBusinessDays),
    due: policy.dueRemindersBusinessDaysBefore.join(', '),
    reEscalate: String(policy.reEscalateEveryBusinessDays),
    sendAtHour: String(policy.sendAtHour),
  };
}

function whole(value: string, min: number, max: number): number | undefined {
  const v = value.trim();
  return /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? Number(v) : undefined;
}

/** The checks the api makes (validateReminderPolicy), in Danish; the policy to send when there are none. */
function check(draft: Draft): { problems: Partial<Record<Field, string>>; value?: ReminderPolicy } {
  const e = texts.reminders.errors;
  const acknowledge = whole(draft.acknowledge, 1, 30);
  const reEscalate = whole(draft.reEscalate, 1, 60);
  const sendAtHour = whole(draft.sendAtHour, 0, 23);
  const parts = draft.due.trim() === '' ? [] : draft.due.split(/[,;\s]+/).filter(Boolean);
  const due = parts.map((p) => whole(p, 1, 60));
  const dueOk = due.length <= 6 && due.every((d) => d !== undefined) && new Set(due).size === due.length;
  const problems: Partial<Record<Field, string>> = {
    acknowledge: acknowledge === undefined ? e.acknowledge : undefined,
    due: dueOk ? undefined : e.due,
    reEscalate: reEscalate === undefined ? e.reEscalate : undefined,
    sendAtHour: sendAtHour === undefined ? e.sendAtHour : undefined,
  };
  if (acknowledge === undefined || reEscalate === undefined || sendAtHour === undefined || !dueOk) return { problems };
  return { problems, value: { acknowledgeAfterBusinessDays: acknowledge, dueRemindersBusinessDaysBefore: due as number[], reEscalateEveryBusinessDays: reEscalate, sendAtHour } };
}

function serverProblems(error: unknown): Partial<Record<Field, string>> {
  if (!(error instanceof ApiError) || !error.invalidInput) return {};
  const { fields } = fieldProblems(error, API_FIELDS);
  const e = texts.reminders.errors;
  return { acknowledge: fields.acknowledge && e.acknowledge, due: fields.due && e.due, reEscalate: fields.reEscalate && e.reEscalate, sendAtHour: fields.sendAtHour && e.sendAtHour };
}

/** The forum's reminder policy for steps, with the defaults one click away; kept as a draft until saved. */
export function ReminderPolicyForm({ forumId, policy, pending, error, onEdit, onSave }: { forumId: string; policy: ReminderPolicy; pending: boolean; error: unknown; onEdit: () => void; onSave: (policy: ReminderPolicy, clearDraft: () => void) => void }) {
  const t = texts.reminders;
  const { draft, update, problems, summary, attempt, onSubmit } = useSettingsForm({ draftKey: `forum:${forumId}:reminders`, initial: draftOf(policy), fields: FIELDS, fieldId, check, serverProblems, error, onEdit, onSave });

  const field = (f: Field, label: string, hint: string) => (
    <TextField id={fieldId(f)} label={label} hint={hint} error={problems[f]} value={draft[f]} onChange={(value) => update({ [f]: value })} optional={f === 'due'} inputMode={f === 'due' ? 'text' : 'numeric'} className={f === 'due' ? 'input-width-s' : 'input-width-xs'} />
  );

  return (
    <form onSubmit={onSubmit} noValidate className="forum-form" aria-label={t.heading}>
      <ErrorSummary errors={summary} focusKey={attempt} />
      {field('acknowledge', t.acknowledge, t.acknowledgeHint)}
      {field('due', t.due, t.dueHint)}
      {field('reEscalate', t.reEscalate, t.reEscalateHint)}
      {field('sendAtHour', t.sendAtHour, t.sendAtHourHint)}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? texts.saving : t.save}
        </button>
        <button type="button" className="button button-secondary" onClick={() => update(DEFAULTS)}>
          {t.defaults}
        </button>
      </div>
    </form>
  );
}
