import type { ReactNode } from 'react';
import { Icon } from './icon';
import { texts } from './texts';

export type AlertVariant = 'info' | 'success' | 'warning' | 'error';

/**
 * Det Fælles Designsystem's alert. Errors and warnings are role="alert" (announced when they
 * appear); success and info use role="status" only when `live` (an answer to something the user did).
 */
export function Alert({
  variant,
  heading,
  headingLevel = 2,
  children,
  live = false,
  id,
  className,
}: {
  variant: AlertVariant;
  heading?: ReactNode;
  headingLevel?: 2 | 3;
  children?: ReactNode;
  live?: boolean;
  id?: string;
  className?: string;
}) {
  const role = variant === 'error' || variant === 'warning' ? 'alert' : live ? 'status' : undefined;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className={`alert alert-${variant}${className ? ` ${className}` : ''}`} role={role} id={id}>
      <Icon name={variant} className="alert-icon" label={texts.alertIcon[variant]} />
      <div className="alert-body">
        {heading ? <Heading className="alert-heading">{heading}</Heading> : null}
        {children ? <div className="alert-text">{children}</div> : null}
      </div>
    </div>
  );
}
