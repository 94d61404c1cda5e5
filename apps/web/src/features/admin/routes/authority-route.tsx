import { Link, useLocation, useParams } from 'react-router';
import { Alert } from '../../../components/alert';
import { ErrorAlert } from '../../../components/error-alert';
import { BackLink } from '../../../components/back-link';
import { Page } from '../../../components/page';
import { authorityKindLabel } from '../../../components/status-labels';
import { useAuthorities, useFora, useUpdateAuthority } from '../api/admin';
import { ActivationControls, useActivation } from '../components/activation';
import { ActiveBadge, AdminForbidden, MissingRecord, Outcome, refusal } from '../components/admin-parts';
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
  const { done, confirming, setConfirming, formKey, outcome, onSave, setActive } = useActivation({
    save,
    status,
    initial: created ? t.created(created) : null,
    saved: t.saved,
    activated: (active, a) => (active ? t.reactivated(a.name) : t.deactivated(a.name)),
  });
  const back = <BackLink to="/admin/myndigheder">{t.back}</BackLink>;

  const denied = refusal(authorities.error);
  if (denied) return <AdminForbidden error={denied} />;
  const authority = authorities.data?.find((a) => a.id === authorityId);
  if (!authority) return <MissingRecord title={t.title} back={back} query={authorities} notFound={t.notFound} />;

  const inFora = (fora.data ?? []).filter((f) => f.authorityIds.includes(authority.id));

  return (
    <Page title={t.title} heading={authority.name} before={back}>
      <Outcome outcomeRef={outcome}>
        <div role="status">{done ? <Alert variant="success">{done}</Alert> : null}</div>
        {status.isError ? <ErrorAlert error={status.error} heading={t.changeFailed} /> : null}
      </Outcome>
      <dl className="fact-list fact-list--grid admin-facts">
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
        <ActivationControls t={t} name={authority.name} active={authority.active} pending={status.isPending} confirming={confirming} setConfirming={setConfirming} setActive={setActive} />
      </section>

      <AuthorityEditForm key={formKey} authority={authority} pending={save.isPending} error={save.error} onSave={onSave} />
    </Page>
  );
}
