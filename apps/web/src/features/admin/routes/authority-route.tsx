import { useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { Alert } from '../../../components/alert';
import { ErrorAlert } from '../../../components/error-alert';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { authorityKindLabel } from '../../../components/status-labels';
import { useAuthorities, useFora, useUpdateAuthority, type UpdateAuthorityBody } from '../api/admin';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { ActiveBadge, AdminForbidden, BackLink, LoadError, Outcome, refusal } from '../components/admin-parts';
import { AuthorityEditForm } from '../components/authority-edit-form';
import { texts } from '../texts';
import '../admin.css';

/** /admin/myndigheder/:authorityId: an authority's name and kind, its fora, and deactivation or reactivation. */
export function AuthorityRoute() {
  const t = texts.authority;
  const { authorityId = '' } = useParams();
  const created = (useLocation().state as { created?: string } | null)?.created;
  const authorities = useAuthorities();
  const fora = useFora();
  const save = useUpdateAuthority(authorityId);
  const status = useUpdateAuthority(authorityId);
  const [done, setDone] = useState<string | null>(created ? t.created(created) : null);
  const [confirming, setConfirming] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const outcome = useRef<HTMLDivElement>(null);
  const back = <BackLink to="/admin/myndigheder">{t.back}</BackLink>;

  const denied = refusal(authorities.error);
  if (denied) return <AdminForbidden error={denied} />;
  if (authorities.isPending) {
    return (
      <Page title={t.title} before={back}>
        <Loading />
      </Page>
    );
  }
  const authority = authorities.data?.find((a) => a.id === authorityId);
  if (!authority) {
    return (
      <Page title={t.title} before={back}>
        {authorities.isError ? <LoadError error={authorities.error} onRetry={() => void authorities.refetch()} /> : <Alert variant="warning">{t.notFound}</Alert>}
      </Page>
    );
  }

  const focusOutcome = () => window.setTimeout(() => outcome.current?.focus(), 0);
  const onSave = (body: UpdateAuthorityBody, clearDraft: () => void) => {
    setDone(null);
    status.reset();
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
    status.mutate(
      { active },
      {
        onSuccess: (a) => setDone(active ? t.reactivated(a.name) : t.deactivated(a.name)),
        onSettled: () => {
          setConfirming(false);
          focusOutcome();
        },
      },
    );
  };
  const inFora = (fora.data ?? []).filter((f) => f.authorityIds.includes(authority.id));

  return (
    <Page title={t.title} heading={authority.name} before={back}>
      <Outcome outcomeRef={outcome}>
        <div role="status">{done ? <Alert variant="success">{done}</Alert> : null}</div>
        {status.isError ? <ErrorAlert error={status.error} heading={t.changeFailed} /> : null}
      </Outcome>
      <dl className="fact-list admin-facts">
        <dt>{texts.newAuthority.kind}</dt>
        <dd>{authorityKindLabel(authority.kind)}</dd>
        <dt>{t.facts.code}</dt>
        <dd>
          <span className="admin-code">{authority.code}</span>
        </dd>
        <dt>{t.facts.status}</dt>
        <dd>
          <ActiveBadge active={authority.active} />
        </dd>
        <dt>{t.facts.fora}</dt>
        <dd>
          {inFora.length === 0 ? texts.none : null}
          {inFora.map((f, i) => (
            <span key={f.id}>
              {i > 0 ? ', ' : null}
              <Link to={`/admin/fora/${f.id}`}>{f.name}</Link>
            </span>
          ))}
        </dd>
      </dl>
      <p>
        <Link to={`/admin/brugere?myndighed=${authority.id}`}>{t.seeUsers}</Link>
      </p>

      <section aria-labelledby="status-heading" className="admin-section">
        <h2 id="status-heading">{t.status}</h2>
        <p>{authority.active ? t.activeText : t.inactiveText}</p>
        {authority.active ? (
          <button type="button" className="button button-secondary" onClick={() => setConfirming(true)} disabled={status.isPending}>
            {t.deactivate}
          </button>
        ) : (
          <button type="button" className="button button-primary" onClick={() => setActive(true)} disabled={status.isPending}>
            {status.isPending ? texts.saving : t.reactivate}
          </button>
        )}
      </section>

      <AuthorityEditForm key={formKey} authority={authority} pending={save.isPending} error={save.error} onSave={onSave} />

      {confirming ? (
        <ConfirmDialog heading={t.confirmHeading(authority.name)} confirm={t.confirm} pending={status.isPending} onConfirm={() => setActive(false)} onCancel={() => setConfirming(false)}>
          {t.confirmBody.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </ConfirmDialog>
      ) : null}
    </Page>
  );
}
