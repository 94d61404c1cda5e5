import { useRef, useState, type FormEvent } from 'react';
import { ApiError, fieldProblems } from '../../../api/errors';
import { Alert } from '../../../components/alert';
import { useDraft } from '../../../components/drafts';
import { ErrorAlert } from '../../../components/error-alert';
import { ErrorSummary, TextField } from '../../../components/form-fields';
import { useUpdateForum, type ForumView } from '../api/admin';
import { texts } from '../texts';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Outcome } from './admin-parts';

/** The name typed so far (a draft until it is saved); mounted anew after a save. */
function NameForm({ forum, pending, error, onSave }: { forum: ForumView; pending: boolean; error: unknown; onSave: (name: string, clearDraft: () => void) => void }) {
  const t = texts.forum;
  const [draft, update, clear] = useDraft(`admin:forum:${forum.id}`, { name: forum.name });
  const [shown, setShown] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);
  const [nothing, setNothing] = useState(false);
  const server = error instanceof ApiError && error.invalidInput && fieldProblems(error, { name: ['name'] }).fields.name ? t.nameError : undefined;
  const nameError = shown ?? server;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const length = draft.name.trim().length;
    const problem = length < 2 || length > 200 ? t.nameError : undefined;
    setShown(problem);
    setAttempt((a) => a + 1);
    if (problem) return;
    setNothing(draft.name.trim() === forum.name);
    if (draft.name.trim() !== forum.name) onSave(draft.name.trim(), clear);
  };

  return (
    <form onSubmit={onSubmit} noValidate className="admin-form admin-form--inline">
      <ErrorSummary errors={nameError ? [{ fieldId: 'forum-name', text: nameError }] : []} focusKey={attempt} />
      <TextField id="forum-name" label={t.name} error={nameError} value={draft.name} onChange={(name) => update({ name })} className="input-width-xl" />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? texts.saving : t.save}
        </button>
      </div>
      <div role="status">{nothing ? <p className="form-hint">{texts.noChanges}</p> : null}</div>
    </form>
  );
}

/** A forum's name and whether it is active; deactivation asks first and says what it means. `onStart`: the page's own outcome is out of date. */
export function ForumSettings({ forum, onStart }: { forum: ForumView; onStart: () => void }) {
  const t = texts.forum;
  const save = useUpdateForum(forum.id);
  const status = useUpdateForum(forum.id);
  const [done, setDone] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const outcome = useRef<HTMLDivElement>(null);
  const focusOutcome = () => window.setTimeout(() => outcome.current?.focus(), 0);

  const onSave = (name: string, clearDraft: () => void) => {
    onStart();
    setDone(null);
    status.reset();
    save.mutate(
      { name },
      {
        onSuccess: () => {
          clearDraft();
          setFormKey((k) => k + 1);
          setDone(t.saved);
        },
        onSettled: focusOutcome,
      },
    );
  };
  const setActive = (active: boolean) => {
    onStart();
    setDone(null);
    save.reset();
    status.mutate(
      { active },
      {
        onSuccess: (f) => setDone(active ? t.reactivated(f.name) : t.deactivated(f.name)),
        onSettled: () => {
          setConfirming(false);
          focusOutcome();
        },
      },
    );
  };
  const saveFailed = save.isError && !(save.error instanceof ApiError && save.error.invalidInput);

  return (
    <section aria-labelledby="settings-heading" className="admin-section">
      <h2 id="settings-heading">{t.settings}</h2>
      <Outcome outcomeRef={outcome}>
        <div role="status">{done ? <Alert variant="success">{done}</Alert> : null}</div>
        {saveFailed ? <ErrorAlert error={save.error} heading={t.saveFailed} typed headingLevel={3} /> : null}
        {status.isError ? <ErrorAlert error={status.error} heading={t.saveFailed} headingLevel={3} /> : null}
      </Outcome>
      <NameForm key={formKey} forum={forum} pending={save.isPending} error={save.error} onSave={onSave} />
      <p>{forum.active ? t.activeText : t.inactiveText}</p>
      {forum.active ? (
        <button type="button" className="button button-secondary" onClick={() => setConfirming(true)} disabled={status.isPending}>
          {t.deactivate}
        </button>
      ) : (
        <button type="button" className="button button-primary" onClick={() => setActive(true)} disabled={status.isPending}>
          {status.isPending ? texts.saving : t.reactivate}
        </button>
      )}
      {confirming ? (
        <ConfirmDialog heading={t.confirmHeading(forum.name)} confirm={t.confirm} pending={status.isPending} onConfirm={() => setActive(false)} onCancel={() => setConfirming(false)}>
          {t.confirmBody.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
