import { useEffect, type MouseEvent, type ReactNode } from 'react';
import { Outlet } from 'react-router';
import { loginUrl } from '../../api/client';
import { ApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/error-alert';
import { Loading } from '../../components/loading';
import { useMe } from '../../features/identity/api/use-me';
import { SessionWatch } from '../../features/identity/components/session-watch';
import { texts } from '../texts';
import type { MeView } from '../../api/types';
import { Header } from './header';

/** "Gå til indhold": moves focus to the page content without a reload or a changed address. */
function SkipLink() {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    const main = document.getElementById('main-content');
    main?.focus();
    main?.scrollIntoView();
  };
  return (
    <a className="skipnav" href="#main-content" onClick={onClick}>
      {texts.skipLink}
    </a>
  );
}

function Frame({ me, children }: { me?: MeView; children: ReactNode }) {
  return (
    <>
      <SkipLink />
      <Header me={me} />
      <main id="main-content" tabIndex={-1} className="container page-container">
        {children}
      </main>
      <footer className="app-footer">
        <div className="container">
          <p>{texts.footer}</p>
        </div>
      </footer>
    </>
  );
}

/** Pages of the sign-in flow (/ingen-adgang, /logget-ud): no user, no call to /api/v1/me. */
export function PublicShell() {
  return (
    <Frame>
      <Outlet />
    </Frame>
  );
}

/**
 * Every page for a signed-in user. Not signed in (401 on /me): straight to sign-in, coming back to
 * this page. Once signed in, the session is watched (warning before the idle timeout, and a
 * dialog when it has ended).
 */
export function AppShell() {
  const me = useMe();
  const unauthenticated = me.error instanceof ApiError && me.error.status === 401 && me.data === undefined;

  useEffect(() => {
    if (unauthenticated) window.location.assign(loginUrl());
  }, [unauthenticated]);

  if (me.data) {
    return (
      <Frame me={me.data}>
        <Outlet />
        <SessionWatch />
      </Frame>
    );
  }
  return (
    <Frame>
      {me.isPending || unauthenticated ? <Loading text={unauthenticated ? texts.redirecting : undefined} /> : null}
      {me.isError && !unauthenticated ? <ErrorAlert error={me.error} heading={texts.meFailed} onRetry={() => void me.refetch()} headingLevel={2} /> : null}
    </Frame>
  );
}
