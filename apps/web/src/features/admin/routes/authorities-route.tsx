import { Link } from 'react-router';
import { authorityKindLabel } from '../../../components/status-labels';
import { useAuthorities, useUsers } from '../api/admin';
import { ActiveBadge, AdminListPage } from '../components/admin-parts';
import { texts } from '../texts';
import '../admin.css';

/** /admin/myndigheder: the authorities of the collaboration, with how many users each has. */
export function AuthoritiesRoute() {
  const t = texts.authorities;
  const authorities = useAuthorities();
  const users = useUsers();
  const count = (id: string) => (users.data ?? []).filter((u) => u.authorityId === id && u.active).length;

  return (
    <AdminListPage t={t} createTo="/admin/myndigheder/ny" query={authorities}>
      {(list) => (
        <>
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
        </>
      )}
    </AdminListPage>
  );
}
