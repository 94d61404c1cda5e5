import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog in Det Fælles Designsystem's look. While it is open the page behind it is inert
 * (nothing there can be reached, by mouse, keyboard or screen reader), Tab stays inside, focus
 * starts on `initialFocus` (or the heading) and returns to where it was when it closes.
 * `alert` makes it an alertdialog: something the user must answer (a session about to end).
 */
export function Dialog({
  heading,
  children,
  actions,
  alert = false,
  onEscape,
  initialFocus,
}: {
  heading: ReactNode;
  children: ReactNode;
  actions: ReactNode;
  alert?: boolean;
  onEscape?: () => void;
  initialFocus?: RefObject<HTMLElement | null>;
}) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const root = document.getElementById('root');
    root?.setAttribute('inert', '');
    document.body.classList.add('modal-open');
    // The given control, or the heading: the user hears what the dialog is about, then tabs on.
    const first = initialFocus?.current ?? box.current?.querySelector<HTMLElement>('.modal-title');
    first?.focus();
    return () => {
      root?.removeAttribute('inert');
      document.body.classList.remove('modal-open');
      if (previous && document.contains(previous)) previous.focus();
    };
  }, [initialFocus]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && onEscape) {
      event.preventDefault();
      onEscape();
      return;
    }
    if (event.key !== 'Tab' || !box.current) return;
    const items = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (items.length === 0) return;
    const first = items[0] as HTMLElement;
    const last = items[items.length - 1] as HTMLElement;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <>
      <div className="modal-backdrop show" />
      <div
        className="fds-modal show-modal"
        role={alert ? 'alertdialog' : 'dialog'}
        aria-modal="true"
        aria-labelledby={`${id}-heading`}
        aria-describedby={`${id}-body`}
        onKeyDown={onKeyDown}
        ref={box}
      >
        <div className="modal-content">
          <div className="modal-header">
            <h2 className="modal-title" id={`${id}-heading`} tabIndex={-1}>
              {heading}
            </h2>
          </div>
          <div className="modal-body" id={`${id}-body`}>
            {children}
          </div>
          <div className="modal-footer">{actions}</div>
        </div>
      </div>
    </>,
    document.body,
  );
}
