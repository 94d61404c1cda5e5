import { useState } from 'react';
import { ErrorAlert } from '../../../components/error-alert';
import { DownloadLink } from '../../../components/download-link';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { csvUrl, useAccessLog, useAuthorities, type LogFilters } from '../api/audit';
import { LogSearchForm } from '../components/log-search-form';
import { LogTable } from '../components/log-table';
import { texts } from '../texts';
import '../audit.css';

/** /adgangslog: the auditor searches the access log (each search logged), pages through it newest first and exports the search as CSV. */
export function LogRoute() {
  const t = texts.log;
  const [filters, setFilters] = useState<LogFilters>({});
  const [page, setPage] = useState(1);
  const log = useAccessLog(filters, page);
  const authorities = useAuthorities();
  const names = new Map((authorities.data ?? []).map((a) => [a.id, a.name]));
  const authorityName = (id: string | null) => (id ? (names.get(id) ?? id) : '');
  const data = log.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <Page title={t.title}>
      <p>{t.intro}</p>
      <LogSearchForm
        authorities={authorities.data ?? []}
        onSearch={(f) => {
          setFilters(f);
          setPage(1);
        }}
      />

      <section aria-labelledby="log-results-heading" className="audit-section">
        <h2 id="log-results-heading">{t.results}</h2>
        {log.isPending ? <Loading /> : null}
        {log.isError ? <ErrorAlert error={log.error} heading={t.loadFailed} onRetry={() => void log.refetch()} headingLevel={3} /> : null}
        {data ? (
          <>
            <div className="audit-result-bar">
              <p className="audit-count" role="status">
                {t.count((data.page - 1) * data.pageSize + (data.items.length ? 1 : 0), (data.page - 1) * data.pageSize + data.items.length, data.total)}
                {log.isFetching ? ` ${t.fetching}` : null}
              </p>
              {data.total > 0 ? (
                <DownloadLink href={csvUrl(filters)} label={t.csv} hint={t.csvHint} hintId="log-csv-hint" />
              ) : null}
            </div>
            {data.items.length === 0 ? <p className="empty-state">{t.empty}</p> : <LogTable rows={data.items} authorityName={authorityName} />}
            {pages > 1 ? (
              <nav aria-label={t.pages} className="audit-pager">
                <button type="button" className="button button-secondary" disabled={page <= 1 || log.isFetching} onClick={() => setPage((p) => p - 1)}>
                  {t.previous}
                </button>
                <span>{t.page(data.page, pages)}</span>
                <button type="button" className="button button-secondary" disabled={page >= pages || log.isFetching} onClick={() => setPage((p) => p + 1)}>
                  {t.next}
                </button>
              </nav>
            ) : null}
          </>
        ) : null}
      </section>
    </Page>
  );
}
