import { Link } from 'react-router';
import { danishDate, danishTime } from '../../../components/format';
import type { AccessLogEntry } from '../api/audit';
import { labelOf, texts } from '../texts';

const personLink = (id: string) => (
  <Link to={`/adgangslog/indsigt/${id}`} className="audit-code">
    {id}
  </Link>
);

/** The persons an event names: one, or those of a use of several (a case list) behind their count. */
function Persons({ ids }: { ids: string[] }) {
  if (ids.length === 0) return <>{texts.noPerson}</>;
  if (ids.length === 1) return personLink(ids[0]!);
  return (
    <details className="audit-persons">
      <summary>{texts.persons(ids.length)}</summary>
      <ul className="unstyled-list">
        {ids.map((id) => (
          <li key={id}>{personLink(id)}</li>
        ))}
      </ul>
    </details>
  );
}

/** The rows of one page of the log, newest first; the table stacks into cards below 992 px. */
export function LogTable({ rows, authorityName }: { rows: AccessLogEntry[]; authorityName: (id: string | null) => string }) {
  const c = texts.columns;
  return (
    <table className="table table--compact table-md-responsive-headers audit-table">
      <caption className="sr-only">{texts.log.results}</caption>
      <thead>
        <tr>
          <th scope="col">{c.when}</th>
          <th scope="col">{c.actor}</th>
          <th scope="col">{c.action}</th>
          <th scope="col">{c.person}</th>
          <th scope="col">{c.purpose}</th>
          <th scope="col">{c.outcome}</th>
          <th scope="col">{c.detail}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td data-title={c.when}>
              {danishDate(r.occurredAt)}
              <span className="table-subtext">{`kl. ${danishTime(r.occurredAt)}`}</span>
            </td>
            <td data-title={c.actor}>
              {r.actorUsername}
              <span className="table-subtext">{authorityName(r.actorAuthorityId)}</span>
            </td>
            <td data-title={c.action}>
              {labelOf(texts.actions, r.action)}
              <span className="table-subtext">{r.resourceType}</span>
            </td>
            <td data-title={c.person}>
              <Persons ids={r.fokuspersonIds} />
            </td>
            <td data-title={c.purpose}>{labelOf(texts.purposes, r.purpose)}</td>
            <td data-title={c.outcome}>
              <span className={r.outcome === 'DENIED' ? 'audit-denied' : undefined}>{labelOf(texts.outcomes, r.outcome)}</span>
            </td>
            <td data-title={c.detail} className="audit-detail">
              {r.query ? <span className="table-subtext">{`${texts.searchCriterion}: ${r.query}`}</span> : null}
              {r.detail ? <span className="table-subtext">{r.detail}</span> : null}
              {r.query || r.detail ? null : '–'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
