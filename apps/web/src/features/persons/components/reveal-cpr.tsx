import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, fieldProblems } from '../../../api/errors';
import { Dialog } from '../../../components/dialog';
import { useDraft } from '../../../components/drafts';
import { ErrorAlert } from '../../../components/error-alert';
import { ErrorSummary, TextAreaField } from '../../../components/form-fields';
import { useRevealCpr } from '../api/person';
import { personTexts } from '../texts';

const MAX = 500;

/** The justification the api requires (RevealDto: 10-500 characters), in Danish. */
function problemOf(justification: string): string | undefined {
  const length = justification.trim().length;
  if (length < 10) return personTexts.reveal.tooShort;
  if (length > MAX) return personTexts.reveal.tooLong;
  return undefined;
}

/** Asks why the full number is needed; answered, it hands the number up (kept in memory only, never in a draft). */
function RevealDialog({ personId, onRevealed, onCancel }: { personId: string; onRevealed: (cpr: string) => void; onCancel: () => void }) {
  const t = personTexts.reveal;
  const reveal = useRevealCpr(personId);
  const [draft, update, clear] = useDraft(`person:${personId}:reveal`, { justification: '' });
  const [shown, setShown] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);
  const server = reveal.error instanceof ApiError && reveal.error.invalidInput && fieldProblems(reveal.error, { justification: ['justification'] }).fields.justification ? t.tooShort : undefined;
  const error = shown ?? server;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const problem = problemOf(draft.justification);
    setShown(problem);
    setAttempt((n) => n + 1);
    if (problem) return;
    reveal.mutate(draft.justification.trim(), {
      onSuccess: (view) => {
        clear();
        onRevealed(view.cpr);
      },
    });
  };

  return (
    <Dialog
      heading={t.heading}
      onEscape={onCancel}
      actions={
        <>
          <button type="submit" form="reveal-form" className="button button-primary" disabled={reveal.isPending}>
            {reveal.isPending ? t.working : t.submit}
          </button>
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t.cancel}
          </button>
        </>
      }
    >
      <p>{t.intro}</p>
      <form id="reveal-form" onSubmit={onSubmit} noValidate>
        <ErrorSummary errors={error ? [{ fieldId: 'reveal-justification', text: error }] : []} focusKey={attempt} />
        {reveal.isError && !server ? <ErrorAlert error={reveal.error} heading={t.failed} typed headingLevel={3} /> : null}
        <TextAreaField
          id="reveal-justification"
          label={t.justification}
          hint={t.justificationHint}
          error={error}
          value={draft.justification}
          onChange={(justification) => update({ justification })}
          maxLength={MAX}
          rows={3}
        />
      </form>
    </Dialog>
  );
}

/** The CPR number masked, with "Vis CPR": the full number after a written justification, until hidden or the page is left. */
export function CprField({ personId, masked }: { personId: string; masked: string }) {
  const t = personTexts;
  const [full, setFull] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const value = useRef<HTMLSpanElement>(null);
  // Once shown (the dialog gone and the page no longer inert), the number takes focus: the user hears it.
  useEffect(() => {
    if (full) value.current?.focus();
  }, [full]);

  if (full) {
    return (
      <>
        <span ref={value} tabIndex={-1} className="person-cpr" aria-describedby="cpr-shown">
          {full}
        </span>
        <span id="cpr-shown" className="person-cpr-note">
          {t.cprShown}
        </span>
        <button type="button" className="button button-tertiary person-cpr-button" onClick={() => setFull(null)}>
          {t.hideCpr}
        </button>
      </>
    );
  }
  return (
    <>
      <span className="person-cpr" aria-describedby="cpr-masked">
        {masked}
      </span>
      <span id="cpr-masked" className="sr-only">
        {t.cprMaskedHint}
      </span>
      <button type="button" className="button button-secondary person-cpr-button" onClick={() => setAsking(true)}>
        {t.showCpr}
      </button>
      {asking ? (
        <RevealDialog
          personId={personId}
          onCancel={() => setAsking(false)}
          onRevealed={(cpr) => {
            setAsking(false);
            setFull(cpr);
          }}
        />
      ) : null}
    </>
  );
}
