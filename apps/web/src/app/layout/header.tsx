import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useMatch } from 'react-router';
import type { MeView, Role } from '../../api/types';
import { Dialog } from '../../components/dialog';
import { ErrorAlert } from '../../components/error-alert';
import { Icon } from '../../components/icon';
import { forumHome } from '../../features/forum/forum-home';
import { useLogout } from '../../features/identity/api/logout';
import { texts as identityTexts } from '../../features/identity/texts';
import { useUnreadCount } from '../../features/notifications/api/notifications';
import { texts } from '../texts';

interface NavItem {
  to: string;
  label: string;
  roles: readonly Role[] | 'all';
  /** Current only on this very path, not below it (a workspace whose pages sit below its first). */
  end?: boolean;
}

const NAV: NavItem[] = [
  { to: '/fora', label: texts.nav.myFora, roles: ['COORDINATOR'] },
  { to: '/opgaver', label: texts.nav.tasks, roles: ['CASEWORKER', 'COORDINATOR', 'SUPERVISOR'] },
  { to: '/overblik', label: texts.nav.oversight, roles: ['SUPERVISOR'] },
  { to: '/indstil', label: texts.nav.nominate, roles: ['CASEWORKER', 'COORDINATOR', 'SUPERVISOR'] },
  { to: '/admin/brugere', label: texts.nav.users, roles: ['ADMIN'] },
  { to: '/admin/myndigheder', label: texts.nav.authorities, roles: ['ADMIN'] },
  { to: '/admin/fora', label: texts.nav.fora, roles: ['ADMIN'] },
  { to: '/adgangslog', label: texts.nav.accessLog, roles: ['AUDITOR'], end: true },
  { to: '/adgangslog/kaede', label: texts.nav.verification, roles: ['AUDITOR'] },
  { to: '/adgangslog/indsigt', label: texts.nav.citizenReport, roles: ['AUDITOR'] },
  { to: '/beskeder', label: texts.nav.notifications, roles: 'all' },
];

export function navFor(roles: readonly Role[]): NavItem[] {
  return NAV.filter((item) => item.roles === 'all' || item.roles.some((r) => roles.includes(r)));
}

function UnreadBadge({ count }: { count: number | undefined }) {
  if (!count) return null;
  return (
    <span className="badge badge-info nav-badge">
      <span aria-hidden="true">{count}</span>
      <span className="sr-only">{`, ${texts.unread(count)}`}</span>
    </span>
  );
}

function NavLinkItem({ item, unread, onNavigate }: { item: NavItem; unread: number | undefined; onNavigate?: () => void }) {
  const current = useMatch({ path: item.to, end: item.end ?? false }) !== null;
  return (
    <li className={current ? 'active current' : undefined}>
      <Link to={item.to} className="nav-link" aria-current={current ? 'page' : undefined} onClick={onNavigate}>
        <span>
          {item.label}
          {item.to === '/beskeder' ? <UnreadBadge count={unread} /> : null}
        </span>
      </Link>
    </li>
  );
}

function userLine(me: MeView): string {
  return `${me.displayName}, ${me.authority.name}`;
}

function LogoutButton({ className }: { className?: string }) {
  const logout = useLogout();
  return (
    <>
      <button type="button" className={`function-link log-off${className ? ` ${className}` : ''}`} onClick={() => logout.mutate()} disabled={logout.isPending}>
        <Icon name="lock" />
        {logout.isPending ? identityTexts.loggingOut : identityTexts.logOut}
      </button>
      {logout.isError ? <ErrorAlert error={logout.error} heading={identityTexts.logoutFailed} headingLevel={2} /> : null}
    </>
  );
}

/**
 * Det Fælles Designsystem's header: the solution's name, who is signed in (name and authority),
 * the main navigation with the unread count on "Beskeder", and "Log ud". Below 992 px the
 * navigation and user sit in a menu dialog.
 */
export function Header({ me }: { me?: MeView }) {
  const unread = useUnreadCount(me !== undefined);
  // A coordinator's forum link goes straight to their forum when they have one.
  const items = me ? navFor(me.roles).map((item) => (item.to === '/fora' && me.fora.length === 1 ? { ...item, to: forumHome(me.fora), label: texts.nav.myForum } : item)) : [];
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const location = useLocation();

  // Following a link closes the menu.
  useEffect(() => setMenuOpen(false), [location.pathname]);

  return (
    <header className="header">
      <div className="solution-info">
        <div className="solution-info-inner container">
          <div className="solution-heading">
            <Link to="/" aria-label={`${texts.appName}, forside`}>
              {texts.appName}
            </Link>
          </div>
          {me ? (
            <button type="button" className="function-link button-menu-open" ref={menuButton} aria-haspopup="dialog" onClick={() => setMenuOpen(true)}>
              <Icon name="menu" />
              {texts.menu}
              <UnreadBadge count={unread.data} />
            </button>
          ) : null}
          {me ? (
            <div className="additional-info">
              <p className="user-line">
                <span className="sr-only">{`${texts.signedInAs} `}</span>
                {userLine(me)}
              </p>
              <LogoutButton />
            </div>
          ) : null}
        </div>
      </div>
      {me ? (
        <div className="navigation-menu">
          <div className="navigation-menu-inner container">
            <nav className="nav" aria-label={texts.mainNav}>
              <ul className="mainmenu">
                {items.map((item) => (
                  <NavLinkItem key={item.to} item={item} unread={unread.data} />
                ))}
              </ul>
            </nav>
          </div>
        </div>
      ) : null}
      {me && menuOpen ? (
        <Dialog
          heading={texts.menu}
          onEscape={() => setMenuOpen(false)}
          actions={
            <button type="button" className="button button-secondary" onClick={() => setMenuOpen(false)}>
              <Icon name="close" />
              {texts.closeMenu}
            </button>
          }
        >
          <nav aria-label={texts.mainNav} className="navigation-menu-mobile">
            <ul className="mainmenu">
              {items.map((item) => (
                <NavLinkItem key={item.to} item={item} unread={unread.data} onNavigate={() => setMenuOpen(false)} />
              ))}
            </ul>
          </nav>
          <div className="mobile-user">
            <h3 className="h5">{texts.user}</h3>
            <p>{me.displayName}</p>
            <p>{me.authority.name}</p>
            <LogoutButton />
          </div>
        </Dialog>
      ) : null}
    </header>
  );
}
