import { useState, type FormEvent } from 'react';
import type { BlockReason } from '../../../api/types';
import { ApiError, fieldProblems } from '../../../api/errors';
import { useDraft } from '../../../components/drafts';
import { ErrorSummary, RadioGroup, TextAreaField } from '../../../components/form-fields';
import { blockReasonLabel } from '../../../components/status-labels';
import type { StepCommand } from '../api/tasks';
import { texts } from '../texts';

export const MAX_TEXT = 2000;

/** The checks the api makes (CompleteDto, BlockDto), in Danish, before anything is sent. */
function lengthProblem(value: string, required: string, tooLong: string): string | undefined {
  const length = value.trim().length;
  if (length < 3) return required;
  if (length > MAX_TEXT) return tooLong;
  return undefined;
}

export const completeDraftKey = (stepId: string) => `step:${stepId}:complete`;
export const blockDraftKey = (stepId: string) => `step:${stepId}:block`;

interface FormProps {
  stepId: string;
  pending: boolean;
  error: unknown;
  submit: (command: StepCommand, onSuccess: () => void) => void;
  onCancel: () => void;
}

/** "Afslut med resultat": the outcome (3-2000 characters), kept as a draft until it is saved. */
export function CompleteForm({ stepId, pending, error, submit, onCancel }: FormProps) {
  const [draft, update, clear] = useDraft(completeDraftKey(stepId), { outcome: '' });
  const [shown, setShown] = useState<{ outcome?: string }>({});
  const [attempt, setAttempt] = useState(0);
  const server = error instanceof ApiError && error.invalidInput ? fieldProblems(error, { outcome: ['outcome'] }).fields : {};
  const outcomeError = shown.outcome ?? (server.outcome ? texts.complete.required : undefined);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const problem = lengthProblem(draft.outcome, texts.complete.required, texts.complete.tooLong);
    setShown({ outcome: problem });
    setAttempt((n) => n + 1);
    if (!problem) submit({ action: 'COMPLETE', outcome: draft.outcome.trim() }, clear);
  };

  return (
    <form className="step-form" onSubmit={onSubmit} noValidate aria-labelledby="complete-heading">
      <h3 id="complete-heading">{texts.complete.legend}</h3>
      <ErrorSummary errors={shown.outcome ? [{ fieldId: 'outcome', text: shown.outcome }] : []} focusKey={attempt} />
      <TextAreaField
        id="outcome"
        label={texts.complete.outcome}
        hint={texts.complete.outcomeHint}
        error={outcomeError}
        value={draft.outcome}
        onChange={(outcome) => update({ outcome })}
        maxLength={MAX_TEXT}
      />
      <FormButtons pending={pending} submit={texts.complete.submit} cancel={texts.complete.cancel} onCancel={onCancel} />
    </form>
  );
}

/** "Blokér": why (not possible / waiting on another authority / the citizen declined) and an explanation. */
export function BlockForm({ stepId, pending, error, submit, onCancel }: FormProps) {
  const [draft, update, clear] = useDraft<{ reason: BlockReason | ''; text: string }>(blockDraftKey(stepId), { reason: '', text: '' });
  const [shown, setShown] = useState<{ reason?: string; text?: string }>({});
  const [attempt, setAttempt] = useState(0);
  const server = error instanceof ApiError && error.invalidInput ? fieldProblems(error, { reason: ['reason'], text: ['text'] }).fields : {};
  const reasonError = shown.reason ?? (server.reason ? texts.block.reasonRequired : undefined);
  const textError = shown.text ?? (server.text ? texts.block.textRequired : undefined);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const problems = {
      reason: draft.reason ? undefined : texts.block.reasonRequired,
      text: lengthProblem(draft.text, texts.block.textRequired, texts.block.tooLong),
    };
    setShown(problems);
    setAttempt((n) => n + 1);
    if (!problems.reason && !problems.text && draft.reason) submit({ action: 'BLOCK', reason: draft.reason, text: draft.text.trim() }, clear);
  };

  const summary = [
    ...(shown.reason ? [{ fieldId: 'block-reason', text: shown.reason }] : []),
    ...(shown.text ? [{ fieldId: 'block-text', text: shown.text }] : []),
  ];

  return (
    <form className="step-form" onSubmit={onSubmit} noValidate aria-labelledby="block-heading">
      <h3 id="block-heading">{texts.block.legend}</h3>
      <p>{texts.block.intro}</p>
      <ErrorSummary errors={summary} focusKey={attempt} />
      <RadioGroup
        id="block-reason"
        legend={texts.block.reason}
        error={reasonError}
        value={draft.reason}
        onChange={(reason) => update({ reason })}
        options={texts.block.reasons.map((r) => ({ value: r, label: blockReasonLabel(r), hint: texts.block.reasonHints[r] }))}
      />
      <TextAreaField
        id="block-text"
        label={texts.block.text}
        hint={texts.block.textHint}
        error={textError}
        value={draft.text}
        onChange={(text) => update({ text })}
        maxLength={MAX_TEXT}
      />
      <FormButtons pending={pending} submit={texts.block.submit} cancel={texts.block.cancel} onCancel={onCancel} />
    </form>
  );
}

/** Submit (saying it is working while it is) and cancel, the same under every step form. */
function FormButtons({ pending, submit, cancel, onCancel }: { pending: boolean; submit: string; cancel: string; onCancel: () => void }) {
  return (
    <div className="button-row">
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? texts.step.working : submit}
      </button>
      <button type="button" className="button button-secondary" onClick={onCancel}>
        {cancel}
      </button>
    </div>
  );
}
