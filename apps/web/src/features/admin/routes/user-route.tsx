import { useLocation, useParams } from 'react-router';
import { Alert } from '../../../components/alert';
import { ErrorAlert } from '../../../components/error-alert';
import { BackLink } from '../../../components/back-link';
import { Page } from '../../../components/page';
import { useAuthorities, useFora, useUpdateUser, useUsers } from '../api/admin';
import { ActivationControls, useActivation } from '../components/activation';
import { ActiveBadge, AdminForbidden, MissingRecord, Outcome, refusal } from '../components/admin-parts';
import { UserEditForm } from '../components/user-edit-form';
import { rolesText, texts } from '../texts';
import '../admin.css';

/** /admin/brugere/:userId: a user's account, their name, e-mail and roles, and deactivation or reactivation. */
export function UserRoute() {
  const t = texts.user;
  const { userId = '' } = useParams();
  const location = useLocation();
  const created = (location.state as { created?: string } | null)?.created;
  const users = useUsers();
  const authorities = useAuthorities();
  const fora = useFora();
  const save = useUpdateUser(userId);
  const access = useUpdateUser(userId);
  const { done, confirming, setConfirming, formKey, outcome, onSave, setActive } = useActivation({
    save,
    status: access,
    initial: created ? t.created(created) : null,
    saved: t.saved,
    activated: (active, u) => (active ? t.reactivated(u.displayName) : t.deactivated(u.displayName)),
  });
  const back = <BackLink to="/admin/brugere">{t.back}</BackLink>;

  const denied = refusal(users.error);
  if (denied) return <AdminForbidden error={denied} />;
  const user = users.data?.find((u) => u.id === userId);
  if (!user) return <MissingRecord title={t.title} back={back} query={users} notFound={t.notFound} />;

  const authority = authorities.data?.find((a) => a.id === user.authorityId);
  const memberOf = (fora.data ?? []).filter((f) => f.memberUserIds.includes(user.id)).map((f) => f.name);

  return (
    <Page title={t.title} heading={user.displayName} before={back}>
      <Outcome outcomeRef={outcome}>
        <div role="status">{done ? <Alert variant="success">{done}</Alert> : null}</div>
        {access.isError ? <ErrorAlert error={access.error} heading={t.changeFailed} conflict={t.selfConflict} /> : null}
      </Outcome>
      <dl className="fact-list fact-list--grid admin-facts">
        <dt>{t.facts.username}</dt>
        <dd>
          <span className="admin-code">{user.username}</span>
        </dd>
        <dt>{t.facts.email}</dt>
        <dd>{user.email}</dd>
        <dt>{t.facts.authority}</dt>
        <dd>{authority?.name ?? ''}</dd>
        <dt>{t.facts.roles}</dt>
        <dd>{rolesText(user.roles)}</dd>
        <dt>{t.facts.status}</dt>
        <dd>
          <ActiveBadge active={user.active} />
        </dd>
        <dt>{t.facts.fora}</dt>
        <dd>{memberOf.length ? memberOf.join(', ') : texts.none}</dd>
      </dl>

      <section aria-labelledby="access-heading" className="admin-section">
        <h2 id="access-heading">{t.access}</h2>
        <ActivationControls t={t} name={user.displayName} active={user.active} pending={access.isPending} confirming={confirming} setConfirming={setConfirming} setActive={setActive} />
      </section>

      <UserEditForm key={formKey} user={user} pending={save.isPending} error={save.error} onSave={onSave} />
    </Page>
  );
}
