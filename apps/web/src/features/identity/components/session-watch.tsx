import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { loginUrl } from '../../../api/client';
import { sessionState } from '../../../api/session-state';
import { Dialog } from '../../../components/dialog';
import { errorText } from '../../../components/error-alert';
import { danishTime } from '../../../components/format';
import { useLogout } from '../api/logout';
import { useExtendSession, useSessionInfo } from '../api/use-session';
import { texts } from '../texts';

/** The warning comes this long before the session would end. */
const WARN_MS = 60_000;
/** Reading the session's times again, when the user has been active, happens at most this often. */
const REREAD_MS = 5_000;

/**
 * Watches the session: a minute before it would end for idleness, an alert dialog offers to stay
 * signed in; when the api has answered 401 (the session ended), a dialog offers to sign in again.
 * The page stays as it is behind both, so nothing typed is lost (drafts are in sessionStorage too).
 */
export function SessionWatch() {
  const { ended, lastActivityAt } = useSyncExternalStore(sessionState.subscribe, sessionState.get);
  const info = useSessionInfo(!ended);
  const [warningUntil, setWarningUntil] = useState<{ at: number; absolute: boolean } | null>(null);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const { data, dataUpdatedAt, refetch } = info;

  useEffect(() => {
    if (!data || ended) return;
    const idle = Date.parse(data.idleExpiresAt);
    const absolute = Date.parse(data.absoluteExpiresAt);
    const end = Math.min(idle, absolute);
    const now = Date.now();
    const due = end - WARN_MS <= now;
    // The user's own requests since the last reading may have moved the end: the server says by how much.
    const outdated = lastActivityAt > dataUpdatedAt;
    setWarningUntil(due && !outdated ? { at: end, absolute: absolute <= idle } : null);
    const wait = due && outdated ? dataUpdatedAt + REREAD_MS - now : due ? end + 1_000 - now : end - WARN_MS - now;
    const timer = window.setTimeout(() => void refetch(), Math.max(250, wait));
    return () => window.clearTimeout(timer);
  }, [data, dataUpdatedAt, lastActivityAt, ended, refetch]);

  if (ended) return <SessionEndedDialog />;
  if (warningUntil && dismissed !== warningUntil.at) {
    return <ExpiringDialog until={warningUntil.at} absolute={warningUntil.absolute} onDismiss={() => setDismissed(warningUntil.at)} />;
  }
  return null;
}

function ExpiringDialog({ until, absolute, onDismiss }: { until: number; absolute: boolean; onDismiss: () => void }) {
  const extend = useExtendSession();
  const logout = useLogout();
  const primary = useRef<HTMLButtonElement>(null);
  const time = danishTime(new Date(until).toISOString());
  return (
    <Dialog
      alert
      heading={texts.expiring.heading}
      initialFocus={primary}
      onEscape={absolute ? onDismiss : undefined}
      actions={
        <>
          {absolute ? (
            <button type="button" className="button button-primary" ref={primary} onClick={onDismiss}>
              {texts.expiring.ok}
            </button>
          ) : (
            <button type="button" className="button button-primary" ref={primary} onClick={() => extend.mutate()} disabled={extend.isPending}>
              {texts.expiring.stay}
            </button>
          )}
          <button type="button" className="button button-secondary" onClick={() => logout.mutate()} disabled={logout.isPending}>
            {texts.logOut}
          </button>
        </>
      }
    >
      <p>{absolute ? texts.expiring.absolute(time) : texts.expiring.body(time)}</p>
      <p>{texts.expiring.kept}</p>
      {extend.isError ? (
        <p className="form-error-message" role="alert">
          {texts.expiring.extendFailed} {errorText(extend.error)}
        </p>
      ) : null}
    </Dialog>
  );
}

function SessionEndedDialog() {
  const primary = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      alert
      heading={texts.ended.heading}
      initialFocus={primary}
      actions={
        <button type="button" className="button button-primary" ref={primary} onClick={() => window.location.assign(loginUrl())}>
          {texts.logIn}
        </button>
      }
    >
      <p>{texts.ended.body}</p>
      <p>{texts.ended.kept}</p>
    </Dialog>
  );
}
