import type { ReactNode } from 'react';
import { Dialog } from './dialog';
import { texts } from './texts';

/**
 * Asks before something that takes effect at once or cannot be undone (a deactivation, locking,
 * approving): `children` say what it will do; answered with `confirm`, or Annullér / Escape.
 */
export function ConfirmDialog({
  heading,
  children,
  confirm,
  cancel = texts.cancel,
  pending,
  pendingText = texts.saving,
  canConfirm = true,
  onConfirm,
  onCancel,
}: {
  heading: string;
  children: ReactNode;
  confirm: string;
  cancel?: string;
  pending: boolean;
  pendingText?: string;
  canConfirm?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog
      heading={heading}
      alert
      onEscape={onCancel}
      actions={
        <>
          {canConfirm ? (
            <button type="button" className="button button-primary" onClick={onConfirm} disabled={pending}>
              {pending ? pendingText : confirm}
            </button>
          ) : null}
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {cancel}
          </button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
