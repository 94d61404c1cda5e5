import { useRef, useState, type ReactNode, type RefObject } from 'react';
import { Alert } from '../../../components/alert';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { ErrorAlert } from '../../../components/error-alert';

interface StepTexts {
  heading: string;
  confirm: string;
  cancel: string;
  pending: string;
  failed: string;
  conflict: string;
}

/**
 * A step of the meeting that asks first (locking, approving): whether the dialog is open, and,
 * once the step is done or failed, the dialog closes and its outcome takes focus (the button used may be gone).
 */
export function useConfirmedStep() {
  const [asking, setAsking] = useState(false);
  const outcome = useRef<HTMLDivElement>(null);
  const settled = () => {
    setAsking(false);
    window.setTimeout(() => outcome.current?.focus(), 0);
  };
  return { asking, setAsking, outcome, settled };
}

/** Where the step's outcome shows: `done` once it succeeded, or its `error`. */
export function StepOutcome({ outcomeRef, t, done, error }: { outcomeRef: RefObject<HTMLDivElement | null>; t: StepTexts; done: string | null; error: Error | null }) {
  return (
    <div ref={outcomeRef} tabIndex={-1} className="meeting-outcome">
      {done !== null ? (
        <Alert variant="success" live>
          {done}
        </Alert>
      ) : null}
      {error ? <ErrorAlert error={error} heading={t.failed} conflict={t.conflict} headingLevel={3} /> : null}
    </div>
  );
}

/** The dialog that says what the step will do; only its own button takes the step. */
export function StepDialog({
  t,
  pending,
  canConfirm,
  onCancel,
  onConfirm,
  children,
}: {
  t: StepTexts;
  pending: boolean;
  canConfirm?: boolean;
  onCancel: () => void;
  onConfirm: () => void;
  children: ReactNode;
}) {
  return (
    <ConfirmDialog heading={t.heading} confirm={t.confirm} cancel={t.cancel} pending={pending} pendingText={t.pending} canConfirm={canConfirm} onCancel={onCancel} onConfirm={onConfirm}>
      {children}
    </ConfirmDialog>
  );
}
