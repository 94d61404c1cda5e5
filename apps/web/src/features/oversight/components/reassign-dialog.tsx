import { useState, type FormEvent } from 'react';
import { ApiError, fieldProblems } from '../../../api/errors';
import { Dialog } from '../../../components/dialog';
import { useDraft } from '../../../components/drafts';
import { ErrorAlert } from '../../../components/error-alert';
import { ErrorSummary, SelectField, TextAreaField } from '../../../components/form-fields';
import { Loading } from '../../../components/loading';
import { useCaseworkers, useReassign } from '../api/oversight';
import { texts } from '../texts';

export interface ReassignTarget {
  stepId: string;
  description: string;
  assignee: { id: string; displayName: string };
}

/** "Omfordel": another caseworker of the authority and a reason (kept as a draft until it is saved). */
export function ReassignDialog({ target, onClose, onDone }: { target: ReassignTarget; onClose: () => void; onDone: (name: string) => void }) {
  const t = texts.reassign;
  const caseworkers = useCaseworkers(true);
  const reassign = useReassign();
  const [draft, update, clear] = useDraft(`reassign:${target.stepId}`, { to: '', reason: '' });
  const [shown, setShown] = useState<{ to?: string; reason?: string }>({});
  const [attempt, setAttempt] = useState(0);
  const others = (caseworkers.data ?? []).filter((c) => c.id !== target.assignee.id);
  const server = reassign.error instanceof ApiError && reassign.error.invalidInput ? fieldProblems(reassign.error, { to: ['assigneeUserId'], reason: ['reason'] }).fields : {};
  const toError = shown.to ?? (server.to ? t.toRequired : undefined);
  const reasonError = shown.reason ?? (server.reason ? t.reasonRequired : undefined);
  const unexplained = reassign.isError && !(server.to || server.reason);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const length = draft.reason.trim().length;
    const found = {
      to: draft.to ? undefined : t.toRequired,
      reason: length < 3 ? t.reasonRequired : length > 2000 ? t.reasonTooLong : undefined,
    };
    setShown(found);
    setAttempt((n) => n + 1);
    if (found.to || found.reason) return;
    const name = others.find((c) => c.id === draft.to)?.displayName ?? '';
    reassign.mutate(
      { stepId: target.stepId, assigneeUserId: draft.to, reason: draft.reason.trim() },
      {
        onSuccess: () => {
          clear();
          onDone(name);
        },
      },
    );
  };

  const summary = [...(shown.to ? [{ fieldId: 'reassign-to', text: shown.to }] : []), ...(shown.reason ? [{ fieldId: 'reassign-reason', text: shown.reason }] : [])];

  return (
    <Dialog
      heading={t.heading}
      onEscape={onClose}
      actions={
        <>
          <button type="submit" form="reassign-form" className="button button-primary" disabled={reassign.isPending || others.length === 0}>
            {reassign.isPending ? t.sending : t.submit}
          </button>
          <button type="button" className="button button-secondary" onClick={onClose}>
            {t.cancel}
          </button>
        </>
      }
    >
      <dl className="fact-list fact-list--compact">
        <dt>{t.task}</dt>
        <dd>{target.description}</dd>
        <dt>{t.current}</dt>
        <dd>{target.assignee.displayName}</dd>
      </dl>
      {unexplained ? <ErrorAlert error={reassign.error} heading={t.failed} conflict={t.conflict} typed headingLevel={3} /> : null}
      {caseworkers.isPending ? <Loading /> : null}
      {caseworkers.isError ? <ErrorAlert error={caseworkers.error} heading={t.loadFailed} onRetry={() => void caseworkers.refetch()} headingLevel={3} /> : null}
      {caseworkers.isSuccess && others.length === 0 ? <p>{t.noOthers}</p> : null}
      {caseworkers.isSuccess && others.length > 0 ? (
        <form id="reassign-form" onSubmit={onSubmit} noValidate>
          <ErrorSummary errors={summary} focusKey={attempt} />
          <SelectField
            id="reassign-to"
            label={t.to}
            error={toError}
            value={draft.to}
            onChange={(to) => update({ to })}
            placeholder={t.toPlaceholder}
            options={others.map((c) => ({ value: c.id, label: c.displayName }))}
          />
          <TextAreaField id="reassign-reason" label={t.reason} hint={t.reasonHint} error={reasonError} value={draft.reason} onChange={(reason) => update({ reason })} maxLength={2000} rows={4} />
        </form>
      ) : null}
    </Dialog>
  );
}
