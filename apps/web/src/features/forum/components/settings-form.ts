import { useState, type FormEvent } from 'react';
import { useDraft } from '../../../components/drafts';

type Problems<F extends string> = Partial<Record<F, string>>;

/**
 * A form of the forum's settings, kept as a draft until saved: its fields' problems, found by
 * `check` or by the api (`serverProblems` of `error`), and `onSave` with what `check` made of the
 * draft when it found none. Typing calls `onEdit` (an earlier "saved" is out of date).
 */
export function useSettingsForm<F extends string, D extends object, V>({
  draftKey,
  initial,
  fields,
  fieldId,
  check,
  serverProblems,
  error,
  onEdit,
  onSave,
}: {
  draftKey: string;
  initial: D;
  fields: readonly F[];
  fieldId: (f: F) => string;
  check: (draft: D) => { problems: Problems<F>; value?: V };
  serverProblems: (error: unknown) => Problems<F>;
  error: unknown;
  onEdit: () => void;
  onSave: (value: V, clearDraft: () => void) => void;
}) {
  const [draft, change, clear] = useDraft<D>(draftKey, initial);
  const update = (patch: Partial<D>) => {
    onEdit();
    change(patch);
  };
  const [shown, setShown] = useState<Problems<F>>({});
  const [attempt, setAttempt] = useState(0);
  const server = serverProblems(error);
  const problems = Object.fromEntries(fields.map((f) => [f, shown[f] ?? server[f]])) as Problems<F>;
  const summary = fields.filter((f) => problems[f]).map((f) => ({ fieldId: fieldId(f), text: problems[f] as string }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const result = check(draft);
    setShown(result.problems);
    setAttempt((n) => n + 1);
    if (result.value) onSave(result.value, clear);
  };
  return { draft, update, problems, summary, attempt, onSubmit };
}
