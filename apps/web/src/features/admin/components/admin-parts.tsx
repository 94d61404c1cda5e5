import type { ReactNode, RefObject } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../../api/errors';
import { ErrorAlert } from '../../../components/error-alert';
import { Icon } from '../../../components/icon';
import { Page } from '../../../components/page';
import { texts } from '../texts';

export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <div>
      <Link to={to} className="back-link">
        <Icon name="chevron-left" />
        {children}
      </Link>
    </div>
  );
}

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
