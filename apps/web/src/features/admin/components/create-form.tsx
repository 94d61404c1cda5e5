import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import type { UseMutationResult } from '@tanstack/react-query';
import { useDraft } from '../../../components/drafts';
import { ErrorAlert } from '../../../components/error-alert';
import { ErrorSummary } from '../../../components/form-fields';
import { texts } from '../texts';

type Problems<F extends string> = Partial<Record<F, string>>;

/**
 * A form that creates a record (typed text kept as a draft until it is saved): its fields' problems,
 * found here or by the api, and, once created, the record's page (which says it was created).
 * `body`: what is sent, or null when the draft is not ready though no field says why.
 */
export function useCreateForm<F extends string, D extends object, Body, R>({
  draftKey,
  initial,
  fieldIds,
  check,
  serverCheck,
  create,
  body,
  created,
}: {
  draftKey: string;
  initial: D;
  fieldIds: Record<F, string>;
  check: (draft: D) => Problems<F>;
  serverCheck: (error: unknown) => Problems<F>;
  create: UseMutationResult<R, Error, Body>;
  body: (draft: D) => Body | null;
  created: (record: R) => { to: string; name: string };
}) {
  const navigate = useNavigate();
  const [draft, update, clear] = useDraft<D>(draftKey, initial);
  const [shown, setShown] = useState<Problems<F>>({});
  const [attempt, setAttempt] = useState(0);
  const failure = useRef<HTMLDivElement>(null);
  const fields = Object.keys(fieldIds) as F[];
  const server = serverCheck(create.error);
  const problems = Object.fromEntries(fields.map((f) => [f, shown[f] ?? server[f]])) as Problems<F>;
  const summary = fields.filter((f) => problems[f]).map((f) => ({ fieldId: fieldIds[f], text: problems[f] as string }));
  const unexplained = create.isError && !Object.values(server).some(Boolean);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = check(draft);
    setShown(found);
    setAttempt((n) => n + 1);
    const sent = fields.some((f) => found[f]) ? null : body(draft);
    if (sent === null) return;
    create.mutate(sent, {
      onSuccess: (record) => {
        clear();
        const { to, name } = created(record);
        navigate(to, { state: { created: name } });
      },
      onError: (error) => {
        if (Object.values(serverCheck(error)).some(Boolean)) setAttempt((n) => n + 1);
        else window.setTimeout(() => failure.current?.focus(), 0);
      },
    });
  };

  return { draft, update, problems, form: { onSubmit, summary, attempt, failure, unexplained, error: create.error, pending: create.isPending } };
}

/** The form of `useCreateForm`: its error summary, the api's unexplained refusal, `children` (the fields) and the button. */
export function CreateForm({ form, failed, submit, children }: { form: ReturnType<typeof useCreateForm>['form']; failed: string; submit: string; children: ReactNode }) {
  return (
    <form onSubmit={form.onSubmit} noValidate className="admin-form">
      <ErrorSummary errors={form.summary} focusKey={form.attempt} />
      <div ref={form.failure} tabIndex={-1}>
        {form.unexplained ? <ErrorAlert error={form.error} heading={failed} typed /> : null}
      </div>
      {children}
      <button type="submit" className="button button-primary admin-submit" disabled={form.pending}>
        {form.pending ? texts.saving : submit}
      </button>
    </form>
  );
}
