import { useState, type FormEvent } from 'react';
import { ErrorSummary, FieldError, SelectField, TextField } from '../../../components/form-fields';
import type { AuditAuthority, LogFilters } from '../api/audit';
import { texts } from '../texts';
import { copenhagenDayStart, nextDay } from './day-range';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

interface Draft {
  personId: string;
  actor: string;
  authorityId: string;
  action: string;
  purpose: string;
  outcome: string;
  from: string;
  to: string;
}

const EMPTY: Draft = { personId: '', actor: '', authorityId: '', action: '', purpose: '', outcome: '', from: '', to: '' };

const optionsOf = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

function problems(d: Draft): { fieldId: string; text: string }[] {
  const t = texts.log;
  return [
    d.personId.trim() && !UUID.test(d.personId.trim()) ? { fieldId: 'log-person', text: t.personInvalid } : null,
    d.actor.trim() && !USERNAME.test(d.actor.trim()) ? { fieldId: 'log-actor', text: t.actorInvalid } : null,
    d.from && d.to && d.to < d.from ? { fieldId: 'log-to', text: t.rangeInvalid } : null,
  ].filter((p): p is { fieldId: string; text: string } => p !== null);
}

function filtersOf(d: Draft): LogFilters {
  const f: LogFilters = {};
  if (d.personId.trim()) f.fokuspersonId = d.personId.trim().toLowerCase();
  if (d.actor.trim()) f.actorUsername = d.actor.trim();
  if (d.authorityId) f.authorityId = d.authorityId;
  if (d.action) f.action = d.action as LogFilters['action'];
  if (d.purpose) f.purpose = d.purpose as LogFilters['purpose'];
  if (d.outcome) f.outcome = d.outcome as LogFilters['outcome'];
  if (d.from) f.from = copenhagenDayStart(d.from);
  if (d.to) f.to = copenhagenDayStart(nextDay(d.to));
  return f;
}

function DateField({ id, label, value, onChange, error }: { id: string; label: string; value: string; onChange: (v: string) => void; error?: string }) {
  return (
    <div className={`form-group${error ? ' form-error' : ''}`}>
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      <FieldError id={id} error={error} />
      <input
        type="date"
        id={id}
        name={id}
        className="form-input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
    </div>
  );
}

/** The auditor's search: person, actor, authority, action, purpose, outcome and days; checked before it is sent. */
export function LogSearchForm({ authorities, onSearch }: { authorities: AuditAuthority[]; onSearch: (filters: LogFilters) => void }) {
  const t = texts.log;
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [shown, setShown] = useState<{ fieldId: string; text: string }[]>([]);
  const [attempt, setAttempt] = useState(0);
  const set = (key: keyof Draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const errorAt = (id: string) => shown.find((p) => p.fieldId === id)?.text;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = problems(draft);
    setShown(found);
    setAttempt((n) => n + 1);
    if (found.length === 0) onSearch(filtersOf(draft));
  };
  const clear = () => {
    setDraft(EMPTY);
    setShown([]);
    onSearch({});
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="log-filters-heading" className="audit-search">
      <h2 id="log-filters-heading">{t.filters}</h2>
      <ErrorSummary errors={shown} focusKey={attempt} />
      <TextField id="log-person" label={t.person} hint={t.personHint} required={false} value={draft.personId} onChange={set('personId')} error={errorAt('log-person')} className="audit-id-input" />
      <div className="audit-filters">
        <TextField id="log-actor" label={t.actor} hint={t.actorHint} required={false} value={draft.actor} onChange={set('actor')} error={errorAt('log-actor')} />
        <SelectField
          id="log-authority"
          label={t.authority}
          required={false}
          placeholder={t.any}
          options={authorities.map((a) => ({ value: a.id, label: a.name }))}
          value={draft.authorityId}
          onChange={set('authorityId')}
        />
        <SelectField id="log-action" label={t.action} required={false} placeholder={t.any} options={optionsOf(texts.actions)} value={draft.action} onChange={set('action')} />
        <SelectField id="log-purpose" label={t.purpose} required={false} placeholder={t.any} options={optionsOf(texts.purposes)} value={draft.purpose} onChange={set('purpose')} />
        <SelectField id="log-outcome" label={t.outcome} required={false} placeholder={t.any} options={optionsOf(texts.outcomes)} value={draft.outcome} onChange={set('outcome')} />
        <DateField id="log-from" label={t.from} value={draft.from} onChange={set('from')} />
        <DateField id="log-to" label={t.to} value={draft.to} onChange={set('to')} error={errorAt('log-to')} />
      </div>
      <div className="audit-form-actions">
        <button type="submit" className="button button-primary">
          {t.search}
        </button>
        <button type="button" className="button button-secondary" onClick={clear}>
          {t.clear}
        </button>
      </div>
    </form>
  );
}
