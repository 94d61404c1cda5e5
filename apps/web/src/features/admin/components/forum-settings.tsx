import { ApiError, fieldProblems } from '../../../api/errors';
import { Alert } from '../../../components/alert';
import { ErrorAlert } from '../../../components/error-alert';
import { ErrorSummary, TextField } from '../../../components/form-fields';
import { useUpdateForum, type ForumView, type UpdateForumBody } from '../api/admin';
import { texts } from '../texts';
import { ActivationControls, useActivation } from './activation';
import { SaveButton, useEditForm } from './edit-form';
import { Outcome } from './admin-parts';

/** The name typed so far (a draft until it is saved); mounted anew after a save. */
function NameForm({ forum, pending, error, onSave }: { forum: ForumView; pending: boolean; error: unknown; onSave: (body: UpdateForumBody, clearDraft: () => void) => void }) {
  const t = texts.forum;
  const { draft, update, shown, attempt, nothing, onSubmit } = useEditForm({
    draftKey: `admin:forum:${forum.id}`,
    initial: { name: forum.name },
    check: (d) => {
      const length = d.name.trim().length;
      return { name: length < 2 || length > 200 ? t.nameError : undefined };
    },
    changes: (d): UpdateForumBody => (d.name.trim() === forum.name ? {} : { name: d.name.trim() }),
    onSave,
  });
  const server = error instanceof ApiError && error.invalidInput && fieldProblems(error, { name: ['name'] }).fields.name ? t.nameError : undefined;
  const nameError = shown.name ?? server;

  return (
    <form onSubmit={onSubmit} noValidate className="admin-form admin-form--inline">
      <ErrorSummary errors={nameError ? [{ fieldId: 'forum-name', text: nameError }] : []} focusKey={attempt} />
      <TextField id="forum-name" label={t.name} error={nameError} value={draft.name} onChange={(name) => update({ name })} className="input-width-xl" />
      <SaveButton label={t.save} pending={pending} nothing={nothing} />
    </form>
  );
}

/** A forum's name and whether it is active; deactivation asks first and says what it means. `onStart`: the page's own outcome is out of date. */
export function ForumSettings({ forum, onStart }: { forum: ForumView; onStart: () => void }) {
  const t = texts.forum;
  const save = useUpdateForum(forum.id);
  const status = useUpdateForum(forum.id);
  const { done, confirming, setConfirming, formKey, outcome, onSave, setActive } = useActivation({
    save,
    status,
    saved: t.saved,
    activated: (active, f) => (active ? t.reactivated(f.name) : t.deactivated(f.name)),
    focusOnSaveError: true,
    onStart,
  });
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
      <ActivationControls t={t} name={forum.name} active={forum.active} pending={status.isPending} confirming={confirming} setConfirming={setConfirming} setActive={setActive} />
    </section>
  );
}
