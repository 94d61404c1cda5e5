import { useState, type FormEvent } from 'react';
import { useDraft } from '../../../components/drafts';
import { texts } from '../texts';

/**
 * A form that edits a stored record, its typed text kept as a draft until it is saved: `check` finds
 * its problems (nothing is sent while there are any), `changes` what differs from the record; when
 * nothing does, the form says so rather than saving.
 */
export function useEditForm<D extends object, P extends Partial<Record<string, string>>, Body extends object>({
  draftKey,
  initial,
  check,
  changes,
  onSave,
}: {
  draftKey: string;
  initial: D;
  check: (draft: D) => P;
  changes: (draft: D) => Body;
  onSave: (body: Body, clearDraft: () => void) => void;
}) {
  const [draft, update, clear] = useDraft<D>(draftKey, initial);
  const [shown, setShown] = useState<Partial<P>>({});
  const [attempt, setAttempt] = useState(0);
  const [nothing, setNothing] = useState(false);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = check(draft);
    setShown(found);
    setAttempt((n) => n + 1);
    if (Object.values(found).some(Boolean)) return;
    const body = changes(draft);
    const unchanged = Object.keys(body).length === 0;
    setNothing(unchanged);
    if (!unchanged) onSave(body, clear);
  };
  return { draft, update, shown, attempt, nothing, onSubmit };
}

/** The edit form's save button, and what it says when nothing had changed. */
export function SaveButton({ label, pending, nothing }: { label: string; pending: boolean; nothing: boolean }) {
  return (
    <>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? texts.saving : label}
        </button>
      </div>
      <div role="status">{nothing ? <p className="form-hint">{texts.noChanges}</p> : null}</div>
    </>
  );
}
