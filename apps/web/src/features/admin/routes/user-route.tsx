import { useRef, useState } from 'react';
import { useLocation, useParams } from 'react-router';
import { Alert } from '../../../components/alert';
import { ErrorAlert } from '../../../components/error-alert';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { useAuthorities, useFora, useUpdateUser, useUsers, type UpdateUserBody } from '../api/admin';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { ActiveBadge, AdminForbidden, BackLink, LoadError, Outcome, refusal } from '../components/admin-parts';
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
  const [done, setDone] = useState<string | null>(created ? t.created(created) : null);
  const [confirming, setConfirming] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const outcome = useRef<HTMLDivElement>(null);
  const back = <BackLink to="/admin/brugere">{t.back}</BackLink>;

  const denied = refusal(users.error);
  if (denied) return <AdminForbidden error={denied} />;
  if (users.isPending) {
    return (
      <Page title={t.title} before={back}>
        <Loading />
      </Page>
    );
  }
  const user = users.data?.find((u) => u.id === userId);
  if (!user) {
    return (
      <Page title={t.title} before={back}>
        {users.isError ? <LoadError error={users.error} onRetry={() => void users.refetch()} /> : <Alert variant="warning">{t.notFound}</Alert>}
      </Page>
    );
  }

  const focusOutcome = () => window.setTimeout(() => outcome.current?.focus(), 0);
  const onSave = (body: UpdateUserBody, clearDraft: () => void) => {
    setDone(null);
    access.reset();
    save.mutate(body, {
      onSuccess: () => {
        clearDraft();
        setFormKey((k) => k + 1);
        setDone(t.saved);
        focusOutcome();
      },
    });
  };
  const setActive = (active: boolean) => {
    setDone(null);
    save.reset();
    access.mutate(
      { active },
      {
        onSuccess: (u) => {
          setConfirming(false);
          setDone(active ? t.reactivated(u.displayName) : t.deactivated(u.displayName));
          focusOutcome();
        },
        onError: () => {
          setConfirming(false);
          focusOutcome();
        },
      },
    );
  };

  const authority = authorities.data?.find((a) => a.id === user.authorityId);
  const memberOf = (fora.data ?? []).filter((f) => f.memberUserIds.includes(user.id)).map((f) => f.name);

  return (
    <Page title={t.title} heading={user.displayName} before={back}>
      <Outcome outcomeRef={outcome}>
        <div role="status">{done ? <Alert variant="success">{done}</Alert> : null}</div>
        {access.isError ? <ErrorAlert error={access.error} heading={t.changeFailed} conflict={t.selfConflict} /> : null}
      </Outcome>
      <dl className="fact-list admin-facts">
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
        <p>{user.active ? t.activeText : t.inactiveText}</p>
        {user.active ? (
          <button type="button" className="button button-secondary" onClick={() => setConfirming(true)} disabled={access.isPending}>
            {t.deactivate}
          </button>
        ) : (
          <button type="button" className="button button-primary" onClick={() => setActive(true)} disabled={access.isPending}>
            {access.isPending ? texts.saving : t.reactivate}
          </button>
        )}
      </section>

      <UserEditForm key={formKey} user={user} pending={save.isPending} error={save.error} onSave={onSave} />

      {confirming ? (
        <ConfirmDialog heading={t.confirmHeading(user.displayName)} confirm={t.confirm} pending={access.isPending} onConfirm={() => setActive(false)} onCancel={() => setConfirming(false)}>
          {t.confirmBody.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </ConfirmDialog>
      ) : null}
    </Page>
  );
}
