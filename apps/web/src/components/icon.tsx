import sprite from 'dkfds-dist/img/all-svg-icons.svg?url';

export type IconName =
  | 'error'
  | 'warning'
  | 'info'
  | 'success'
  | 'menu'
  | 'close'
  | 'lock'
  | 'notifications'
  | 'check'
  | 'chevron-left'
  | 'chevron-right'
  | 'calendar-month'
  | 'download'
  | 'hourglass'
  | 'person'
  | 'refresh';

/** A Det Fælles Designsystem icon from its bundled sprite. Decorative unless given a label. */
export function Icon({ name, label, className }: { name: IconName; label?: string; className?: string }) {
  return (
    <svg
      className={`icon-svg${className ? ` ${className}` : ''}`}
      focusable="false"
      {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })}
    >
      <use href={`${sprite}#${name}`} />
    </svg>
  );
}
