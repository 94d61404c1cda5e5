import { Icon, type IconName } from './icon';

/** A file to download, as a button with an icon, and the hint that says what the file is. */
export function DownloadLink({
  href,
  icon = 'download',
  label,
  hint,
  hintId,
  primary = false,
  hintClassName,
}: {
  href: string;
  icon?: IconName;
  label: string;
  hint: string;
  hintId: string;
  primary?: boolean;
  hintClassName?: string;
}) {
  return (
    <p>
      <a className={`button ${primary ? 'button-primary' : 'button-secondary'}`} href={href} download aria-describedby={hintId}>
        <Icon name={icon} />
        {label}
      </a>
      <span id={hintId} className={hintClassName ? `form-hint ${hintClassName}` : 'form-hint'}>
        {hint}
      </span>
    </p>
  );
}
