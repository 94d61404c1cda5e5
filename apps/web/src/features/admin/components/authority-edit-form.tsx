import { ErrorAlert } from '../../../components/error-alert';
import { ErrorSummary, RadioGroup, TextField } from '../../../components/form-fields';
import type { AuthorityView, UpdateAuthorityBody } from '../api/admin';
import { texts } from '../texts';
import { authorityProblems, kindOptions, serverAuthorityProblems } from './authority-checks';
import { SaveButton, useEditForm } from './edit-form';

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
  const { draft, update, shown, attempt, nothing, onSubmit } = useEditForm({
    draftKey: `admin:authority:${authority.id}`,
    initial: { name: authority.name, kind: authority.kind },
    check: authorityProblems,
    changes: (d) => {
      const body: UpdateAuthorityBody = {};
      if (d.name.trim() !== authority.name) body.name = d.name.trim();
      if (d.kind !== authority.kind) body.kind = d.kind;
      return body;
    },
    onSave,
  });
  const server = serverAuthorityProblems(error);
  const nameError = shown.name ?? server.name;
  const unexplained = error !== null && error !== undefined && !server.name && !server.kind;

  return (
    <form onSubmit={onSubmit} noValidate className="admin-form" aria-labelledby="edit-heading">
      <h2 id="edit-heading">{t.edit}</h2>
      <ErrorSummary errors={nameError ? [{ fieldId: 'edit-name', text: nameError }] : []} focusKey={attempt} />
      {unexplained ? <ErrorAlert error={error} heading={t.saveFailed} typed headingLevel={3} /> : null}
      <TextField id="edit-name" label={n.name} hint={n.nameHint} error={nameError} value={draft.name} onChange={(name) => update({ name })} className="input-width-xl" />
      <RadioGroup id="edit-kind" legend={n.kind} error={server.kind} value={draft.kind} onChange={(kind) => update({ kind })} options={kindOptions} />
      <SaveButton label={t.save} pending={pending} nothing={nothing} />
    </form>
  );
}
