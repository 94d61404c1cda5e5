import type { ReactNode, RefObject } from 'react';
import { Link } from 'react-router';
import type { UseQueryResult } from '@tanstack/react-query';
import { ApiError } from '../../../api/errors';
import { Alert } from '../../../components/alert';
import { ErrorAlert } from '../../../components/error-alert';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { texts } from '../texts';

/** Active or deactivated, always as a word (the colour only repeats it). */
export function ActiveBadge({ active }: { active: boolean }) {
  return <strong className={`badge admin-status ${active ? 'badge-success' : 'badge-warning'}`}>{active ? texts.active : texts.inactive}</strong>;
}

/** Where a page shows the outcome of what the user did; it takes focus, since the button used may be gone. */
export function Outcome({ children, outcomeRef }: { children: ReactNode; outcomeRef: RefObject<HTMLDivElement | null> }) {
  return (
    <div ref={outcomeRef} tabIndex={-1} className="admin-outcome">
      {children}
    </div>
  );
}

/** The first of the errors that is the api's refusal (403): the caller is not an administrator. */
export function refusal(...errors: unknown[]): ApiError | undefined {
  return errors.find((e): e is ApiError => e instanceof ApiError && e.status === 403);
}

/** Someone without the ADMIN role opened an administration page: the api refused, and the page says so (nothing else on it). */
export function AdminForbidden({ error }: { error: ApiError }) {
  const t = texts.forbidden;
  return (
    <Page title={t.title}>
      <ErrorAlert error={error} heading={t.heading} />
      <p>{t.body}</p>
      <p>
        <Link to="/">{t.home}</Link>
      </p>
    </Page>
  );
}

/** A list that could not be read; trying again is offered when it may help (the api or network was away, or failed). */
export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const retry = !(error instanceof ApiError) || error.transient || error.status >= 500;
  return <ErrorAlert error={error} heading={texts.loadFailed} onRetry={retry ? onRetry : undefined} />;
}

/** A record's page while its record is not there: still loading, not readable, or not found. */
export function MissingRecord({ title, back, query, notFound }: { title: string; back: ReactNode; query: UseQueryResult<unknown>; notFound: string }) {
  return (
    <Page title={title} before={back}>
      {query.isPending ? <Loading /> : query.isError ? <LoadError error={query.error} onRetry={() => void query.refetch()} /> : <Alert variant="warning">{notFound}</Alert>}
    </Page>
  );
}

/**
 * A list page of the administration: what it lists, the button that creates one, and (once read)
 * the table of the records (`children`: its head and body), when there are any; the api's refusal takes the whole page.
 */
export function AdminListPage<T>({
  t,
  createTo,
  query,
  children,
}: {
  t: { title: string; intro: string; create: string; empty: string; caption: string };
  createTo: string;
  query: UseQueryResult<T[]>;
  children: (list: T[]) => ReactNode;
}) {
  const list = query.data ?? [];
  const denied = refusal(query.error);
  if (denied) return <AdminForbidden error={denied} />;
  return (
    <Page title={t.title}>
      <p>{t.intro}</p>
      <p>
        <Link to={createTo} className="button button-primary">
          {t.create}
        </Link>
      </p>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <LoadError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isSuccess && list.length === 0 ? <p className="empty-state">{t.empty}</p> : null}
      {list.length > 0 ? (
        <table className="table table--compact table-md-responsive-headers admin-table">
          <caption className="sr-only">{t.caption}</caption>
          {children(list)}
        </table>
      ) : null}
    </Page>
  );
}
