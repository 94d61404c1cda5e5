import { useSearchParams } from 'react-router';
import { CheckboxGroup, SelectField, TextField } from '../../../components/form-fields';
import { Loading } from '../../../components/loading';
import { BackLink } from '../../../components/back-link';
import { Page } from '../../../components/page';
import { useAuthorities, useCreateUser, type AdminRole } from '../api/admin';
import { AdminForbidden, LoadError, refusal } from '../components/admin-parts';
import { CreateForm, useCreateForm } from '../components/create-form';
import { roleOptions, serverUserProblems, userProblems, type UserField } from '../components/user-checks';
import { texts } from '../texts';
import '../admin.css';

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
  const [search] = useSearchParams();
  const authorities = useAuthorities();
  const create = useCreateUser();
  const { draft, update, problems, form } = useCreateForm({
    draftKey: 'admin:new-user',
    initial: { username: '', displayName: '', email: '', authorityId: search.get('myndighed') ?? '', roles: [] } as Draft,
    fieldIds: FIELD_IDS,
    check: userProblems,
    serverCheck: serverUserProblems,
    create,
    body: (d) => ({ username: d.username.trim(), displayName: d.displayName.trim(), email: d.email.trim(), authorityId: d.authorityId, roles: d.roles }),
    created: (user) => ({ to: `/admin/brugere/${user.id}`, name: user.displayName }),
  });

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
        <CreateForm form={form} failed={t.failed} submit={t.submit}>
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
        </CreateForm>
      ) : null}
    </Page>
  );
}
