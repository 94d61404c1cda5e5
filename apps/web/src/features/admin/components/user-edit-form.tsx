import { ErrorAlert } from '../../../components/error-alert';
import { CheckboxGroup, ErrorSummary, TextField } from '../../../components/form-fields';
import type { AdminRole, UpdateUserBody, UserView } from '../api/admin';
import { texts } from '../texts';
import { SaveButton, useEditForm } from './edit-form';
import { roleOptions, serverUserProblems, userProblems, type Problems, type UserField } from './user-checks';

const FIELDS: UserField[] = ['displayName', 'email', 'roles'];
const FIELD_IDS: Partial<Record<UserField, string>> = { displayName: 'edit-name', email: 'edit-email', roles: 'edit-roles' };

interface Draft {
  displayName: string;
  email: string;
  roles: AdminRole[];
}

/** What changed against the user as stored; nothing when nothing did. */
function changes(user: UserView, draft: Draft): UpdateUserBody {
  const body: UpdateUserBody = {};
  if (draft.displayName.trim() !== user.displayName) body.displayName = draft.displayName.trim();
  if (draft.email.trim() !== user.email) body.email = draft.email.trim();
  const same = draft.roles.length === user.roles.length && draft.roles.every((r) => user.roles.includes(r));
  if (!same) body.roles = draft.roles;
  return body;
}

/**
 * Name, e-mail and roles of a user (typed text kept as a draft until it is saved). The page mounts it
 * anew after a save (`key`), so it starts from what is stored then.
 */
export function UserEditForm({
  user,
  pending,
  error,
  onSave,
}: {
  user: UserView;
  pending: boolean;
  error: unknown;
  onSave: (body: UpdateUserBody, clearDraft: () => void) => void;
}) {
  const t = texts.user;
  const { draft, update, shown, attempt, nothing, onSubmit } = useEditForm({
    draftKey: `admin:user:${user.id}`,
    initial: { displayName: user.displayName, email: user.email, roles: [...user.roles] },
    check: userProblems,
    changes: (d) => changes(user, d),
    onSave,
  });
  const server = serverUserProblems(error);
  const problems: Problems = Object.fromEntries(FIELDS.map((f) => [f, shown[f] ?? server[f]]));
  const summary = FIELDS.filter((f) => problems[f]).map((f) => ({ fieldId: FIELD_IDS[f] as string, text: problems[f] as string }));
  const unexplained = error !== null && error !== undefined && !Object.values(server).some(Boolean);

  return (
    <form onSubmit={onSubmit} noValidate className="admin-form" aria-labelledby="edit-heading">
      <h2 id="edit-heading">{t.edit}</h2>
      <ErrorSummary errors={summary} focusKey={attempt} />
      {unexplained ? <ErrorAlert error={error} heading={t.saveFailed} conflict={t.selfConflict} typed headingLevel={3} /> : null}
      <TextField id="edit-name" label={texts.newUser.displayName} error={problems.displayName} value={draft.displayName} onChange={(displayName) => update({ displayName })} className="input-width-l" />
      <TextField id="edit-email" type="email" label={texts.newUser.email} hint={texts.newUser.emailHint} error={problems.email} value={draft.email} onChange={(email) => update({ email })} className="input-width-l" />
      <CheckboxGroup id="edit-roles" legend={texts.newUser.roles} hint={texts.newUser.rolesHint} error={problems.roles} value={draft.roles} onChange={(roles) => update({ roles })} options={roleOptions} />
      <SaveButton label={t.save} pending={pending} nothing={nothing} />
    </form>
  );
}
