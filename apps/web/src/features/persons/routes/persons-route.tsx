import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/error-alert';
import { SelectField } from '../../../components/form-fields';
import { danishDate } from '../../../components/format';
import { Icon } from '../../../components/icon';
import { BackLink } from '../../../components/back-link';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { personName, personStatusLabel } from '../../../components/status-labels';
import { PAGE_SIZE, useForumStaff, usePersons, type PersonStatus } from '../api/person';
import { namesFrom } from '../components/names';
import { personTexts } from '../texts';
import '../persons.css';

const STATUSES: PersonStatus[] = ['NOMINATED', 'ACTIVE', 'CLOSED', 'REJECTED', 'ANONYMISED'];

/** /fora/:forumId/personer[?status=&side=]: the forum's persons, by status, 50 a page (the filter and page in the address). */
export function PersonsRoute() {
  const t = personTexts.list;
  const { forumId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const status = STATUSES.find((s) => s === params.get('status'));
  const page = Math.max(0, Number.parseInt(params.get('side') ?? '1', 10) - 1 || 0);
  const persons = usePersons(forumId, status, page);
  const staff = useForumStaff(forumId);
  const names = namesFrom(staff.data);
  const go = (change: { status?: string; page?: number }) => {
    const next = new URLSearchParams();
    const s = change.status ?? status ?? '';
    if (s) next.set('status', s);
    const p = change.page ?? 0;
    if (p > 0) next.set('side', String(p + 1));
    setParams(next);
  };
  const rows = persons.data?.slice(0, PAGE_SIZE) ?? [];
  const more = (persons.data?.length ?? 0) > PAGE_SIZE;
  const c = t.columns;

  return (
    <Page
      title={t.title}
      before={<BackLink to={`/fora/${forumId}`}>{personTexts.back}</BackLink>}
    >
      <p>{t.intro}</p>
      <SelectField
        id="status"
        label={t.status}
        required={false}
        value={status ?? ''}
        onChange={(value) => go({ status: value, page: 0 })}
        placeholder={t.all}
        options={STATUSES.map((s) => ({ value: s, label: personStatusLabel(s) }))}
      />
      {persons.isPending ? <Loading /> : null}
      {persons.isError ? <ErrorAlert error={persons.error} heading={personTexts.loadFailed} onRetry={() => void persons.refetch()} /> : null}
      {persons.isSuccess && rows.length === 0 ? <p className="empty-state">{t.empty}</p> : null}
      {rows.length > 0 ? (
        <>
          <p className="person-count" role="status">
            {t.showing(page * PAGE_SIZE + 1, page * PAGE_SIZE + rows.length)}
          </p>
          <table className="table table--compact table-md-responsive-headers">
            <caption className="sr-only">{t.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{c.name}</th>
                <th scope="col">{c.cpr}</th>
                <th scope="col">{c.nominatedAt}</th>
                <th scope="col">{c.lead}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id}>
                  <td data-title={c.name}>
                    <Link to={`/personer/${p.id}`}>{personName(p.name)}</Link>
                    <span className="person-subtext">{personStatusLabel(p.status)}</span>
                  </td>
                  <td data-title={c.cpr}>
                    <span className="person-cpr-small">{p.cpr ?? ''}</span>
                  </td>
                  <td data-title={c.nominatedAt}>{danishDate(p.nominatedAt)}</td>
                  <td data-title={c.lead}>{p.leadAuthorityId ? names.authority(p.leadAuthorityId) : personTexts.noLeadAuthority}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {page > 0 || more ? (
        <nav aria-label={t.pages} className="button-row person-pages">
          {page > 0 ? (
            <button type="button" className="button button-secondary" onClick={() => go({ page: page - 1 })}>
              <Icon name="chevron-left" />
              {t.previous}
            </button>
          ) : null}
          {more ? (
            <button type="button" className="button button-secondary" onClick={() => go({ page: page + 1 })}>
              {t.next}
              <Icon name="chevron-right" />
            </button>
          ) : null}
        </nav>
      ) : null}
    </Page>
  );
}
