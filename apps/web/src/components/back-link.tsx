import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Icon } from './icon';

/** The link back to where the page belongs, above its heading. */
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
