import { ApiError, fieldProblems } from '../../../api/errors';
import { ErrorSummary, SelectField, TextField } from '../../../components/form-fields';
import type { Cadence, CadenceBody } from '../api/forum';
import { texts } from '../texts';
import { useSettingsForm } from './settings-form';
import { danishDateInput, parseDanishDate } from './date-input';

type Field = 'everyWeeks' | 'weekday' | 'time' | 'startDate' | 'endDate';
const FIELDS: Field[] = ['everyWeeks', 'weekday', 'time', 'startDate', 'endDate'];
const fieldId = (f: Field) => `cadence-${f}`;
/** The api's names for the fields, as its 400 and 422 messages begin. */
const API_FIELDS: Record<Field, readonly string[]> = {
  everyWeeks: ['cadence.everyWeeks'],
  weekday: ['cadence.weekday'],
  time: ['cadence.time'],
  startDate: ['cadence.startDate'],
  endDate: ['cadence.until'],
};

interface Draft {
  everyWeeks: string;
  weekday: string;
  time: string;
  startDate: string;
  endDate: string;
}

function draftOf(cadence: Cadence | null): Draft {
  const weekly = cadence?.kind === 'EVERY_N_WEEKS';
  return {
    everyWeeks: weekly && cadence.everyWeeks ? String(cadence.everyWeeks) : '',
    weekday: weekly && cadence.weekday ? String(cadence.weekday) : '',
    time: cadence?.time ?? '09:00',
    startDate: weekly ? danishDateInput(cadence.startDate) : '',
    endDate: weekly ? danishDateInput(cadence.until) : '',
  };
}

/** The checks the api makes (validateCadence), in Danish; the cadence to send when there are none. */
function check(draft: Draft): { problems: Partial<Record<Field, string>>; value?: CadenceBody } {
  const e = texts.planning.errors;
  const everyWeeks = Number(draft.everyWeeks.trim());
  const startDate = parseDanishDate(draft.startDate);
  const until = draft.endDate.trim() === '' ? null : parseDanishDate(draft.endDate);
  const problems: Partial<Record<Field, string>> = {
    everyWeeks: /^\d+$/.test(draft.everyWeeks.trim()) && everyWeeks >= 1 && everyWeeks <= 52 ? undefined : e.everyWeeks,
    weekday: draft.weekday ? undefined : e.weekday,
    time: /^([01]\d|2[0-3]):[0-5]\d$/.test(draft.time.trim()) ? undefined : e.time,
    startDate: startDate ? undefined : e.startDate,
    endDate: until === undefined ? e.endDate : startDate && until && until < startDate ? e.endBeforeStart : undefined,
  };
  if (FIELDS.some((f) => problems[f]) || !startDate || until === undefined) return { problems };
  return { problems, value: { kind: 'EVERY_N_WEEKS', everyWeeks, weekday: Number(draft.weekday), time: draft.time.trim(), startDate, until } };
}

/** A 400 or 422 at its field, in Danish; a cadence that yields no dates (422 naming no field) at the last date. */
function serverProblems(error: unknown): Partial<Record<Field, string>> {
  if (!(error instanceof ApiError) || !error.invalidInput) return {};
  const { fields, rest } = fieldProblems(error, API_FIELDS);
  const e = texts.planning.errors;
  return {
    everyWeeks: fields.everyWeeks && e.everyWeeks,
    weekday: fields.weekday && e.weekday,
    time: fields.time && e.time,
    startDate: fields.startDate && e.startDate,
    endDate: fields.endDate ? e.endDate : rest.some((m) => /no meeting/i.test(m)) ? texts.planning.noDates : undefined,
  };
}

/** "Ændr kadencen": every N weeks on a weekday at a time, from a date (until a date); kept as a draft until saved. */
export function CadenceForm({ forumId, cadence, pending, error, onEdit, onSave }: { forumId: string; cadence: Cadence | null; pending: boolean; error: unknown; onEdit: () => void; onSave: (cadence: CadenceBody, clearDraft: () => void) => void }) {
  const t = texts.planning;
  const { draft, update, problems, summary, attempt, onSubmit } = useSettingsForm({ draftKey: `forum:${forumId}:cadence`, initial: draftOf(cadence), fields: FIELDS, fieldId, check, serverProblems, error, onEdit, onSave });

  return (
    <form onSubmit={onSubmit} noValidate className="forum-form" aria-labelledby="cadence-form-heading">
      <h3 id="cadence-form-heading">{cadence ? t.change : t.set}</h3>
      {cadence?.kind === 'DATES' ? <p>{t.changeWeekly}</p> : null}
      <ErrorSummary errors={summary} focusKey={attempt} />
      <TextField id={fieldId('everyWeeks')} label={t.everyWeeks} hint={t.everyWeeksHint} error={problems.everyWeeks} value={draft.everyWeeks} onChange={(everyWeeks) => update({ everyWeeks })} inputMode="numeric" className="input-width-xs" />
      <SelectField
        id={fieldId('weekday')}
        label={t.weekday}
        error={problems.weekday}
        value={draft.weekday}
        onChange={(weekday) => update({ weekday })}
        placeholder={t.weekdayPlaceholder}
        options={t.weekdays.map((label, i) => ({ value: String(i + 1), label }))}
      />
      <TextField id={fieldId('time')} label={t.time} hint={t.timeHint} error={problems.time} value={draft.time} onChange={(time) => update({ time })} inputMode="numeric" className="input-width-xs" />
      <TextField id={fieldId('startDate')} label={t.startDate} hint={t.startDateHint} error={problems.startDate} value={draft.startDate} onChange={(startDate) => update({ startDate })} className="input-width-s" />
      <TextField id={fieldId('endDate')} label={t.endDate} hint={t.endDateHint} error={problems.endDate} value={draft.endDate} onChange={(endDate) => update({ endDate })} optional className="input-width-s" />
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? texts.saving : t.save}
      </button>
    </form>
  );
}
