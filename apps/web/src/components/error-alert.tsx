import type { ReactNode } from 'react';
import { ApiError } from '../api/errors';
import { Alert } from './alert';
import { texts } from './texts';

/** The Danish sentence for each api error status; 400s and 422s are explained at their fields by the form. */
const BY_STATUS: Readonly<Record<number, string>> = {
  400: texts.errors.badRequest,
  422: texts.errors.badRequest,
  401: texts.errors.loggedOut,
  403: texts.errors.forbidden,
  404: texts.errors.notFound,
  409: texts.errors.conflict,
  413: texts.errors.tooLarge,
  429: texts.errors.tooMany,
};

/** The Danish sentence for an api error, by status. */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return texts.errors.server;
  if (error.transient) return texts.errors.offline;
  return BY_STATUS[error.status] ?? texts.errors.server;
}

/**
 * An api error shown as a Danish alert. `conflict` replaces the generic 409 text with one that says
 * what was not possible; `typed` adds that typed text is kept (on forms); `onRetry` offers to retry.
 */
export function ErrorAlert({
  error,
  heading,
  conflict,
  typed = false,
  onRetry,
  headingLevel,
}: {
  error: unknown;
  heading?: ReactNode;
  conflict?: string;
  typed?: boolean;
  onRetry?: () => void;
  headingLevel?: 2 | 3;
}) {
  const api = error instanceof ApiError ? error : undefined;
  const text = api?.status === 409 && conflict ? conflict : errorText(error);
  const keepTyped = typed && (api === undefined || api.transient || api.status >= 500 || api.status === 409 || api.status === 413 || api.status === 429);
  return (
    <Alert variant="error" heading={heading ?? texts.errors.heading} headingLevel={headingLevel}>
      <p>
        {text}
        {keepTyped ? ` ${texts.errors.keptTyped}` : null}
      </p>
      {api?.requestId && (api.status >= 500 || api.status === 0) ? <p className="small-text">{texts.errors.reference(api.requestId)}</p> : null}
      {onRetry ? (
        <p>
          <button type="button" className="button button-secondary" onClick={onRetry}>
            {texts.retry}
          </button>
        </p>
      ) : null}
    </Alert>
  );
}
