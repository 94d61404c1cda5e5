import { Link, useSearchParams } from 'react-router';
import { SelectField, TextField } from '../../../components/form-fields';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { useAuthorities, useUsers, type UserView } from '../api/admin';
import { ActiveBadge, AdminForbidden, LoadError, refusal } from '../components/admin-parts';
import { rolesText, texts } from '../texts';
import '../admin.css';

function matches(user: UserView, text: string): boolean {
  const needle = text.trim().toLocaleLowerCase('da');
  if (!needle) return true;
  return [user.displayName, user.username, user.email].some((v) => v.toLocaleLowerCase('da').includes(needle));
}

/** /admin/brugere: every user, filtered by authority and text (both kept in the address). */
export function UsersRoute() {
  const t = texts.users;
  const [search, setSearch] = useSearchParams();
  const authorityId = search.get('myndighed') ?? '';
  const text = search.get('tekst') ?? '';
  const users = useUsers();
  const authorities = useAuthorities();
  const names = new Map((authorities.data ?? []).map((a) => [a.id, a.name]));
  const all = users.data ?? [];
  const shown = all
    .filter((u) => (!authorityId || u.authorityId === authorityId) && matches(u, text))
    .sort((a, b) => Number(b.active) - Number(a.active) || a.displayName.localeCompare(b.displayName, 'da'));

  const denied = refusal(users.error, authorities.error);
  if (denied) return <AdminForbidden error={denied} />;

  const setFilter = (change: Record<string, string>) => {
    const next = { myndighed: authorityId, tekst: text, ...change };
    setSearch(Object.fromEntries(Object.entries(next).filter(([, v]) => v)), { replace: true });
  };

  return (
    <Page title={t.title}>
      <p>{t.intro}</p>
      <p>
        <Link to="/admin/brugere/ny" className="button button-primary">
          {t.create}
        </Link>
      </p>
      <div className="admin-filters">
        <SelectField
          id="authority-filter"
          label={t.authorityFilter}
          hint={t.authorityFilterHint}
          required={false}
          value={authorityId}
          onChange={(myndighed) => setFilter({ myndighed })}
          options={[{ value: '', label: t.allAuthorities }, ...(authorities.data ?? []).map((a) => ({ value: a.id, label: a.name }))]}
        />
        <TextField id="text-filter" type="search" required={false} label={t.textFilter} hint={t.textFilterHint} value={text} onChange={(tekst) => setFilter({ tekst })} />
      </div>
      <div role="status" className="sr-only">
        {users.isSuccess ? t.showing(shown.length, all.length) : ''}
      </div>
      {users.isPending ? <Loading /> : null}
      {users.isError ? <LoadError error={users.error} onRetry={() => void users.refetch()} /> : null}
      {authorities.isError && !users.isError ? <LoadError error={authorities.error} onRetry={() => void authorities.refetch()} /> : null}
      {users.isSuccess && shown.length === 0 ? <p className="empty-state">{all.length === 0 ? t.empty : t.emptyFiltered}</p> : null}
      {users.isSuccess && shown.length > 0 ? (
        <>
          <p className="admin-count" aria-hidden="true">
            {t.showing(shown.length, all.length)}
          </p>
          <table className="table table--compact table-md-responsive-headers admin-table">
            <caption className="sr-only">{t.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.columns.name}</th>
                <th scope="col">{t.columns.authority}</th>
                <th scope="col">{t.columns.roles}</th>
                <th scope="col">{t.columns.status}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((u) => (
                <tr key={u.id}>
                  <td data-title={t.columns.name}>
                    <Link to={`/admin/brugere/${u.id}`}>{u.displayName}</Link>
                    <span className="table-subtext">
                      <span className="sr-only">{`${t.username} `}</span>
                      <span className="admin-code">{u.username}</span>
                    </span>
                    <span className="table-subtext">{u.email}</span>
                  </td>
                  <td data-title={t.columns.authority}>{names.get(u.authorityId) ?? ''}</td>
                  <td data-title={t.columns.roles}>{rolesText(u.roles)}</td>
                  <td data-title={t.columns.status}>
                    <ActiveBadge active={u.active} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </Page>
  );
}
