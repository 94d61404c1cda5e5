import { useRef, useState } from 'react';
import type { UseMutationResult } from '@tanstack/react-query';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { texts } from '../texts';

type Change<Body, Result> = UseMutationResult<Result, Error, Body>;

/**
 * A record's two changes, each with its own mutation: `save` (its edit form, kept as a draft) and
 * `status` (deactivation or reactivation, asked first). Either clears the other's error and the
 * outcome; the page's outcome takes focus after a save (`focusOnSaveError`: also after a failed one)
 * and after a change of status.
 */
export function useActivation<Body extends { active?: boolean }, Result>({
  save,
  status,
  initial,
  saved,
  activated,
  focusOnSaveError = false,
  onStart,
}: {
  save: Change<Body, Result>;
  status: Change<Body, Result>;
  initial?: string | null;
  saved: string;
  activated: (active: boolean, result: Result) => string;
  focusOnSaveError?: boolean;
  onStart?: () => void;
}) {
  const [done, setDone] = useState<string | null>(initial ?? null);
  const [confirming, setConfirming] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const outcome = useRef<HTMLDivElement>(null);
  const focusOutcome = () => window.setTimeout(() => outcome.current?.focus(), 0);

  const onSave = (body: Body, clearDraft: () => void) => {
    onStart?.();
    setDone(null);
    status.reset();
    save.mutate(body, {
      onSuccess: () => {
        clearDraft();
        setFormKey((k) => k + 1);
        setDone(saved);
        focusOutcome();
      },
      onError: () => {
        if (focusOnSaveError) focusOutcome();
      },
    });
  };
  const setActive = (active: boolean) => {
    onStart?.();
    setDone(null);
    save.reset();
    status.mutate(
      { active } as Body,
      {
        onSuccess: (result) => setDone(activated(active, result)),
        onSettled: () => {
          setConfirming(false);
          focusOutcome();
        },
      },
    );
  };
  return { done, confirming, setConfirming, formKey, outcome, onSave, setActive };
}

interface ActivationTexts {
  activeText: string;
  inactiveText: string;
  deactivate: string;
  reactivate: string;
  confirmHeading: (name: string) => string;
  confirm: string;
  confirmBody: readonly string[];
}

/** Whether the record is active, the button that changes it, and the question asked before a deactivation. */
export function ActivationControls({
  t,
  name,
  active,
  pending,
  confirming,
  setConfirming,
  setActive,
}: {
  t: ActivationTexts;
  name: string;
  active: boolean;
  pending: boolean;
  confirming: boolean;
  setConfirming: (confirming: boolean) => void;
  setActive: (active: boolean) => void;
}) {
  return (
    <>
      <p>{active ? t.activeText : t.inactiveText}</p>
      {active ? (
        <button type="button" className="button button-secondary" onClick={() => setConfirming(true)} disabled={pending}>
          {t.deactivate}
        </button>
      ) : (
        <button type="button" className="button button-primary" onClick={() => setActive(true)} disabled={pending}>
          {pending ? texts.saving : t.reactivate}
        </button>
      )}
      {confirming ? (
        <ConfirmDialog heading={t.confirmHeading(name)} confirm={t.confirm} pending={pending} onConfirm={() => setActive(false)} onCancel={() => setConfirming(false)}>
          {t.confirmBody.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </ConfirmDialog>
      ) : null}
    </>
  );
}
