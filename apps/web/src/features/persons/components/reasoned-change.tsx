import { useRef, useState, type FormEvent } from 'react';
import { ApiError, fieldProblems } from '../../../api/errors';
import { Alert } from '../../../components/alert';
import { hasDraft, useDraft } from '../../../components/drafts';
import { ErrorAlert } from '../../../components/error-alert';
import { ErrorSummary, RadioGroup, SelectField, TextAreaField } from '../../../components/form-fields';
import type { PersonChange } from '../api/person';

const MAX = 2000;

export interface ReasonedChangeTexts {
  heading: string;
  intro?: string;
  choice: string;
  placeholder?: string;
  reason: string;
  reasonHint: string;
  open: string;
  submit: string;
  cancel: string;
  working: string;
  noChoice: string;
  reasonShort: string;
  reasonLong: string;
  done: (label: string) => string;
  failed: string;
  conflict: string;
}

/**
 * A change of the person that needs a reason (a decision, the tovholder, the §22 decision): one
 * choice, as radios or a list, and a reason of `minReason`-2000 characters, kept as a draft until
 * saved; the outcome takes focus.
 */
export function ReasonedChange<V extends string>({
  id,
  draftKey,
  texts: t,
  options,
  as = 'radio',
  minReason,
  change,
}: {
  id: string;
  draftKey: string;
  texts: ReasonedChangeTexts;
  options: { value: V; label: string; hint?: string }[];
  as?: 'radio' | 'select';
  minReason: number;
  change: PersonChange<V>;
}) {
  const [draft, update, clear] = useDraft<{ choice: string; reason: string }>(draftKey, { choice: '', reason: '' });
  const [shown, setShown] = useState<{ choice?: string; reason?: string }>({});
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  // Closed until asked for, so the page is not a wall of forms; one with a draft opens by itself.
  const [open, setOpen] = useState(() => hasDraft(draftKey));
  const outcome = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const chosen = options.find((o) => o.value === draft.choice);
  const server = change.error instanceof ApiError && change.error.invalidInput ? fieldProblems(change.error, { reason: ['reason'], choice: ['decision', 'authorityId'] }).fields : {};
  const choiceError = shown.choice ?? (server.choice ? t.noChoice : undefined);
  const reasonError = shown.reason ?? (server.reason ? t.reasonShort : undefined);
  const choiceId = `${id}-choice`;
  const reasonId = `${id}-reason`;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const length = draft.reason.trim().length;
    const problems = { choice: chosen ? undefined : t.noChoice, reason: length < minReason ? t.reasonShort : length > MAX ? t.reasonLong : undefined };
    setShown(problems);
    setAttempt((n) => n + 1);
    setDone(null);
    if (!chosen || problems.reason) return;
    change.mutate(
      { choice: chosen.value, reason: draft.reason.trim() },
      {
        onSuccess: () => {
          clear();
          setOpen(false);
          setDone(t.done(chosen.label));
        },
        onSettled: (_data, error) => {
          if (!(error instanceof ApiError && error.invalidInput)) window.setTimeout(() => outcome.current?.focus(), 0);
        },
      },
    );
  };

  const summary = [...(shown.choice ? [{ fieldId: choiceId, text: shown.choice }] : []), ...(shown.reason ? [{ fieldId: reasonId, text: shown.reason }] : [])];
  const failed = change.isError && !(change.error instanceof ApiError && change.error.invalidInput);
  const choice = { id: choiceId, error: choiceError, value: chosen?.value ?? '' };

  // Nothing left to choose (a decision closed the way): only what was done stays.
  if (options.length === 0 && !done) return null;
  return (
    <section aria-labelledby={`${id}-heading`} className="person-section">
      <h2 id={`${id}-heading`}>{t.heading}</h2>
      {t.intro ? <p>{t.intro}</p> : null}
      <div ref={outcome} tabIndex={-1} className="person-outcome">
        <div role="status">{done ? <Alert variant="success">{done}</Alert> : null}</div>
        {failed ? <ErrorAlert error={change.error} heading={t.failed} conflict={t.conflict} typed headingLevel={3} /> : null}
      </div>
      {options.length > 0 && !open ? (
        <button
          type="button"
          className="button button-secondary"
          ref={opener}
          onClick={() => {
            setDone(null);
            change.reset();
            setOpen(true);
            window.setTimeout(() => document.getElementById(choiceId)?.focus(), 0);
          }}
        >
          {t.open}
        </button>
      ) : null}
      {options.length > 0 && open ? (
        <form onSubmit={onSubmit} noValidate className="person-form">
          <ErrorSummary errors={summary} focusKey={attempt} />
          {as === 'radio' ? (
            <RadioGroup {...choice} legend={t.choice} onChange={(value) => update({ choice: value })} options={options} />
          ) : (
            <SelectField {...choice} label={t.choice} onChange={(value) => update({ choice: value })} placeholder={t.placeholder} options={options} />
          )}
          <TextAreaField id={reasonId} label={t.reason} hint={t.reasonHint} error={reasonError} value={draft.reason} onChange={(reason) => update({ reason })} maxLength={MAX} rows={4} />
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={change.isPending}>
              {change.isPending ? t.working : t.submit}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                clear();
                setShown({});
                change.reset();
                setOpen(false);
                window.setTimeout(() => opener.current?.focus(), 0);
              }}
            >
              {t.cancel}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
