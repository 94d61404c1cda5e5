import { Link } from 'react-router';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { authorityKindLabel } from '../../../components/status-labels';
import { useAuthorities, useUsers } from '../api/admin';
import { ActiveBadge, AdminForbidden, LoadError, refusal } from '../components/admin-parts';
import { texts } from '../texts';
import '../admin.css';

/** /admin/myndigheder: the authorities of the collaboration, with how many users each has. */
export function AuthoritiesRoute() {
  const t = texts.authorities;
  const authorities = useAuthorities();
  const users = useUsers();
  const count = (id: string) => (users.data ?? []).filter((u) => u.authorityId === id && u.active).length;
  const list = authorities.data ?? [];
  const denied = refusal(authorities.error);
  if (denied) return <AdminForbidden error={denied} />;

  return (
    <Page title={t.title}>
      <p>{t.intro}</p>
      <p>
        <Link to="/admin/myndigheder/ny" className="button button-primary">
          {t.create}
        </Link>
      </p>
      {authorities.isPending ? <Loading /> : null}
      {authorities.isError ? <LoadError error={authorities.error} onRetry={() => void authorities.refetch()} /> : null}
      {authorities.isSuccess && list.length === 0 ? <p className="empty-state">{t.empty}</p> : null}
      {list.length > 0 ? (
        <table className="table table--compact table-md-responsive-headers admin-table">
          <caption className="sr-only">{t.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.columns.name}</th>
              <th scope="col">{t.columns.kind}</th>
              <th scope="col">{t.columns.code}</th>
              <th scope="col">{t.columns.users}</th>
              <th scope="col">{t.columns.status}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.id}>
                <td data-title={t.columns.name}>
                  <Link to={`/admin/myndigheder/${a.id}`}>{a.name}</Link>
                </td>
                <td data-title={t.columns.kind}>{authorityKindLabel(a.kind)}</td>
                <td data-title={t.columns.code}>
                  <span className="admin-code">{a.code}</span>
                </td>
                <td data-title={t.columns.users}>
                  {users.isSuccess ? <Link to={`/admin/brugere?myndighed=${a.id}`} aria-label={`${t.users(count(a.id))}: ${a.name}`}>{t.users(count(a.id))}</Link> : null}
                </td>
                <td data-title={t.columns.status}>
                  <ActiveBadge active={a.active} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}
