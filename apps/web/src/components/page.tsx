import { useEffect, useRef, type ReactNode } from 'react';
import { texts } from './texts';

let firstPage = true;

/**
 * One page: sets the document title and, after a navigation inside the app, moves focus to the
 * page's heading so a screen reader announces where the user landed (the first load keeps the
 * browser's own focus, so the skip link stays first).
 */
export function Page({
  title,
  heading,
  children,
  before,
  focusKey,
}: {
  title: string;
  heading?: ReactNode;
  children: ReactNode;
  before?: ReactNode;
  /** When it changes, the heading takes focus again (the page now shows something else, e.g. a receipt). */
  focusKey?: string | number;
}) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – ${texts.appName}`;
  }, [title]);
  useEffect(() => {
    if (firstPage) firstPage = false;
    else h1.current?.focus({ preventScroll: false });
  }, [focusKey]);
  return (
    <>
      {before}
      <h1 ref={h1} tabIndex={-1} className="page-heading">
        {heading ?? title}
      </h1>
      {children}
    </>
  );
}
