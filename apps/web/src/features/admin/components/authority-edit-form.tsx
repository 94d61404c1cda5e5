import { useState, type FormEvent } from 'react';
import { useDraft } from '../../../components/drafts';
import { ErrorAlert } from '../../../components/error-alert';
import { ErrorSummary, RadioGroup, TextField } from '../../../components/form-fields';
import type { AdminAuthorityKind, AuthorityView, UpdateAuthorityBody } from '../api/admin';
import { texts } from '../texts';
import { authorityProblems, kindOptions, serverAuthorityProblems, type AuthorityProblems } from './authority-checks';

/** An authority's name and kind (kept as a draft until saved; the page mounts it anew after a save). */
export function AuthorityEditForm({
  authority,
  pending,
  error,
  onSave,
}: {
  authority: AuthorityView;
  pending: boolean;
  error: unknown;
  onSave: (body: UpdateAuthorityBody, clearDraft: () => void) => void;
}) {
  const t = texts.authority;
  const n = texts.newAuthority;
  const [draft, update, clear] = useDraft<{ name: string; kind: AdminAuthorityKind }>(`admin:authority:${authority.id}`, { name: authority.name, kind: authority.kind });
  const [shown, setShown] = useState<AuthorityProblems>({});
  const [attempt, setAttempt] = useState(0);
  const [nothing, setNothing] = useState(false);
  const server = serverAuthorityProblems(error);
  const nameError = shown.name ?? server.name;
  const unexplained = error !== null && error !== undefined && !server.name && !server.kind;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = authorityProblems(draft);
    setShown(found);
    setAttempt((a) => a + 1);
    if (found.name) return;
    const body: UpdateAuthorityBody = {};
    if (draft.name.trim() !== authority.name) body.name = draft.name.trim();
    if (draft.kind !== authority.kind) body.kind = draft.kind;
    setNothing(Object.keys(body).length === 0);
    if (Object.keys(body).length > 0) onSave(body, clear);
  };

  return (
    <form onSubmit={onSubmit} noValidate className="admin-form" aria-labelledby="edit-heading">
      <h2 id="edit-heading">{t.edit}</h2>
      <ErrorSummary errors={nameError ? [{ fieldId: 'edit-name', text: nameError }] : []} focusKey={attempt} />
      {unexplained ? <ErrorAlert error={error} heading={t.saveFailed} typed headingLevel={3} /> : null}
      <TextField id="edit-name" label={n.name} hint={n.nameHint} error={nameError} value={draft.name} onChange={(name) => update({ name })} className="input-width-xl" />
      <RadioGroup id="edit-kind" legend={n.kind} error={server.kind} value={draft.kind} onChange={(kind) => update({ kind })} options={kindOptions} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? texts.saving : t.save}
        </button>
      </div>
      <div role="status">{nothing ? <p className="form-hint">{texts.noChanges}</p> : null}</div>
    </form>
  );
}
