import { Link } from 'react-router';
import { useFora } from '../api/admin';
import { ActiveBadge, AdminListPage } from '../components/admin-parts';
import { texts } from '../texts';
import '../admin.css';

/** /admin/fora: the PSP fora with how many authorities and members each has. */
export function ForaRoute() {
  const t = texts.fora;
  const fora = useFora();
  return (
    <AdminListPage t={t} createTo="/admin/fora/ny" query={fora}>
      {(list) => (
        <>
          <thead>
            <tr>
              <th scope="col">{t.columns.name}</th>
              <th scope="col">{t.columns.code}</th>
              <th scope="col" className="numeric">
                {t.columns.authorities}
              </th>
              <th scope="col" className="numeric">
                {t.columns.members}
              </th>
              <th scope="col">{t.columns.status}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((f) => (
              <tr key={f.id}>
                <td data-title={t.columns.name}>
                  <Link to={`/admin/fora/${f.id}`}>{f.name}</Link>
                </td>
                <td data-title={t.columns.code}>
                  <span className="admin-code">{f.code}</span>
                </td>
                <td data-title={t.columns.authorities} className="numeric">
                  {f.authorityIds.length}
                </td>
                <td data-title={t.columns.members} className="numeric">
                  {f.memberUserIds.length}
                </td>
                <td data-title={t.columns.status}>
                  <ActiveBadge active={f.active} />
                </td>
              </tr>
            ))}
          </tbody>
        </>
      )}
    </AdminListPage>
  );
}
