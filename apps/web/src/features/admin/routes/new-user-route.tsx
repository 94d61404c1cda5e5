import { useRef, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useDraft } from '../../../components/drafts';
import { ErrorAlert } from '../../../components/error-alert';
import { CheckboxGroup, ErrorSummary, SelectField, TextField } from '../../../components/form-fields';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { useAuthorities, useCreateUser, type AdminRole } from '../api/admin';
import { AdminForbidden, BackLink, LoadError, refusal } from '../components/admin-parts';
import { roleOptions, serverUserProblems, userProblems, type Problems, type UserField } from '../components/user-checks';
import { texts } from '../texts';
import '../admin.css';

const FIELDS: UserField[] = ['username', 'displayName', 'email', 'authorityId', 'roles'];
const FIELD_IDS: Record<UserField, string> = { username: 'username', displayName: 'display-name', email: 'email', authorityId: 'authority', roles: 'roles' };

interface Draft {
  username: string;
  displayName: string;
  email: string;
  authorityId: string;
  roles: AdminRole[];
}

/** /admin/brugere/ny: a new user of an authority with their roles (typed text is kept as a draft until it is saved). */
export function NewUserRoute() {
  const t = texts.newUser;
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const authorities = useAuthorities();
  const create = useCreateUser();
  const [draft, update, clear] = useDraft<Draft>('admin:new-user', { username: '', displayName: '', email: '', authorityId: search.get('myndighed') ?? '', roles: [] });
  const [shown, setShown] = useState<Problems>({});
  const [attempt, setAttempt] = useState(0);
  const failure = useRef<HTMLDivElement>(null);

  const server = serverUserProblems(create.error);
  const problems: Problems = Object.fromEntries(FIELDS.map((f) => [f, shown[f] ?? server[f]]));
  const summary = FIELDS.filter((f) => problems[f]).map((f) => ({ fieldId: FIELD_IDS[f], text: problems[f] as string }));
  const unexplained = create.isError && !Object.values(server).some(Boolean);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = userProblems(draft);
    setShown(found);
    setAttempt((n) => n + 1);
    if (FIELDS.some((f) => found[f])) return;
    create.mutate(
      { username: draft.username.trim(), displayName: draft.displayName.trim(), email: draft.email.trim(), authorityId: draft.authorityId, roles: draft.roles },
      {
        onSuccess: (user) => {
          clear();
          navigate(`/admin/brugere/${user.id}`, { state: { created: user.displayName } });
        },
        onError: (error) => {
          if (Object.values(serverUserProblems(error)).some(Boolean)) setAttempt((n) => n + 1);
          else window.setTimeout(() => failure.current?.focus(), 0);
        },
      },
    );
  };

  const denied = refusal(authorities.error, create.error);
  if (denied) return <AdminForbidden error={denied} />;
  // A deactivated authority gets no new users; the one already chosen stays selectable.
  const choices = (authorities.data ?? []).filter((a) => a.active || a.id === draft.authorityId);

  return (
    <Page title={t.title} before={<BackLink to="/admin/brugere">{t.back}</BackLink>}>
      <p>{t.intro}</p>
      {authorities.isPending ? <Loading /> : null}
      {authorities.isError ? <LoadError error={authorities.error} onRetry={() => void authorities.refetch()} /> : null}
      {authorities.isSuccess ? (
        <form onSubmit={onSubmit} noValidate className="admin-form">
          <ErrorSummary errors={summary} focusKey={attempt} />
          <div ref={failure} tabIndex={-1}>
            {unexplained ? <ErrorAlert error={create.error} heading={t.failed} typed /> : null}
          </div>
          <TextField id="username" label={t.username} hint={t.usernameHint} error={problems.username} value={draft.username} onChange={(username) => update({ username })} className="input-width-l" />
          <TextField id="display-name" label={t.displayName} hint={t.displayNameHint} error={problems.displayName} value={draft.displayName} onChange={(displayName) => update({ displayName })} className="input-width-l" />
          <TextField id="email" type="email" label={t.email} hint={t.emailHint} error={problems.email} value={draft.email} onChange={(email) => update({ email })} className="input-width-l" />
          <SelectField
            id="authority"
            label={t.authority}
            error={problems.authorityId}
            value={draft.authorityId}
            onChange={(authorityId) => update({ authorityId })}
            placeholder={t.authorityPlaceholder}
            options={choices.map((a) => ({ value: a.id, label: a.name }))}
          />
          <CheckboxGroup id="roles" legend={t.roles} hint={t.rolesHint} error={problems.roles} value={draft.roles} onChange={(roles) => update({ roles })} options={roleOptions} />
          <button type="submit" className="button button-primary admin-submit" disabled={create.isPending}>
            {create.isPending ? texts.saving : t.submit}
          </button>
        </form>
      ) : null}
    </Page>
  );
}
