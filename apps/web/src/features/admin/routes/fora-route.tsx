import { Link } from 'react-router';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { useFora } from '../api/admin';
import { ActiveBadge, AdminForbidden, LoadError, refusal } from '../components/admin-parts';
import { texts } from '../texts';
import '../admin.css';

/** /admin/fora: the PSP fora with how many authorities and members each has. */
export function ForaRoute() {
  const t = texts.fora;
  const fora = useFora();
  const list = fora.data ?? [];
  const denied = refusal(fora.error);
  if (denied) return <AdminForbidden error={denied} />;
  return (
    <Page title={t.title}>
      <p>{t.intro}</p>
      <p>
        <Link to="/admin/fora/ny" className="button button-primary">
          {t.create}
        </Link>
      </p>
      {fora.isPending ? <Loading /> : null}
      {fora.isError ? <LoadError error={fora.error} onRetry={() => void fora.refetch()} /> : null}
      {fora.isSuccess && list.length === 0 ? <p className="empty-state">{t.empty}</p> : null}
      {list.length > 0 ? (
        <table className="table table--compact table-md-responsive-headers admin-table">
          <caption className="sr-only">{t.caption}</caption>
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
        </table>
      ) : null}
    </Page>
  );
}
