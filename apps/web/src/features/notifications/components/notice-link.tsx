import type { ReactNode } from 'react';
import { Link } from 'react-router';

/**
 * A notice's link is an absolute address of the web app (it is also sent by e-mail). A link to this
 * origin goes through the router (no reload); any other address is an ordinary link.
 */
export function NoticeLink({ href, children, className }: { href: string; children: ReactNode; className?: string }) {
  let url: URL | undefined;
  try {
    url = new URL(href, window.location.origin);
  } catch {
    url = undefined;
  }
  if (url && url.origin === window.location.origin) {
    return (
      <Link to={`${url.pathname}${url.search}${url.hash}`} className={className}>
        {children}
      </Link>
    );
  }
  return (
    <a href={href} className={className}>
      {children}
    </a>
  );
}
