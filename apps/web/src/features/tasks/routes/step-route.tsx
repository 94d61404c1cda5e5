import { useRef, useState } from 'react';
import { useParams } from 'react-router';
import type { StepAction } from '../../../api/types';
import { Alert } from '../../../components/alert';
import { hasDraft } from '../../../components/drafts';
import { ErrorAlert } from '../../../components/error-alert';
import { BackLink } from '../../../components/back-link';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { personName, stepStatusLabel } from '../../../components/status-labels';
import { DueStatus } from '../../../components/due-status';
import { useStep, useStepAction, type StepCommand } from '../api/tasks';
import { BlockForm, blockDraftKey, CompleteForm, completeDraftKey } from '../components/step-forms';
import { isOpen, StepFacts, StepHistory } from '../components/step-details';
import { texts } from '../texts';

const SIMPLE: StepAction[] = ['ACKNOWLEDGE', 'START', 'RESUME'];

/** /opgaver/:stepId: one step, what was agreed and why, and the actions its state allows. */
export function StepRoute() {
  const { stepId = '' } = useParams();
  const step = useStep(stepId);
  const action = useStepAction(stepId);
  const [form, setForm] = useState<'COMPLETE' | 'BLOCK' | null>(() =>
    hasDraft(completeDraftKey(stepId)) ? 'COMPLETE' : hasDraft(blockDraftKey(stepId)) ? 'BLOCK' : null,
  );
  const [done, setDone] = useState<string | null>(null);
  const result = useRef<HTMLDivElement>(null);
  const back = <BackLink to="/opgaver">{texts.step.back}</BackLink>;
  const actionsHeading = useRef<HTMLHeadingElement>(null);

  const submit = (command: StepCommand, onSuccess?: () => void) => {
    setDone(null);
    action.mutate(command, {
      onSuccess: () => {
        onSuccess?.();
        setForm(null);
        setDone(texts.step.done[command.action] ?? null);
        // The button that was used may be gone now: keep focus on the outcome.
        window.setTimeout(() => result.current?.focus(), 0);
      },
      onError: () => window.setTimeout(() => result.current?.focus(), 0),
    });
  };

  if (step.isPending) {
    return (
      <Page title={texts.step.title} before={back}>
        <Loading />
      </Page>
    );
  }
  if (step.isError) {
    return (
      <Page title={texts.step.title} before={back}>
        <ErrorAlert error={step.error} heading={texts.step.loadFailed} onRetry={() => void step.refetch()} />
      </Page>
    );
  }

  const s = step.data;
  const allowed = new Set(s.allowedActions ?? []);
  const simple = SIMPLE.filter((a) => allowed.has(a));
  const open = isOpen(s);

  return (
    // The person's name is on the page, not in the document title (it would end up in the browser's history).
    <Page title={texts.step.title} heading={texts.step.heading(personName(s.fokusperson.name))} before={back}>
      <p className="step-summary">
        <strong className="badge status-badge">{stepStatusLabel(s.status)}</strong>
        <DueStatus dueDate={s.dueDate} overdue={s.overdue} open={open && s.status !== 'BLOCKED'} />
      </p>
      <div ref={result} tabIndex={-1} className="step-result">
        <div role="status">{done ? <Alert variant="success">{done}</Alert> : null}</div>
        {action.isError ? (
          <ErrorAlert error={action.error} heading={texts.step.failed} conflict={texts.step.conflict} typed={action.variables?.action === 'COMPLETE' || action.variables?.action === 'BLOCK'} />
        ) : null}
      </div>
      <div className="row">
        <div className="col-12 col-lg-7">
          <section aria-labelledby="agreed-heading">
            <h2 id="agreed-heading" className="h3">
              {texts.step.agreed}
            </h2>
            <p className="preserve-lines">{s.description ?? texts.step.title}</p>
          </section>
          <section aria-labelledby="why-heading">
            <h2 id="why-heading" className="h3">
              {texts.step.why}
            </h2>
            {s.goals && s.goals.length > 0 ? (
              <ul>
                {s.goals.map((goal, i) => (
                  <li key={i}>{goal}</li>
                ))}
              </ul>
            ) : (
              <p>{texts.step.noGoals}</p>
            )}
          </section>
          <section aria-labelledby="actions-heading" className="step-actions">
            <h2 id="actions-heading" className="h3" ref={actionsHeading} tabIndex={-1}>
              {texts.step.actions}
            </h2>
            {!open ? <p>{texts.step.closed(stepStatusLabel(s.status))}</p> : null}
            {open && allowed.size === 0 ? <p>{texts.step.noActions}</p> : null}
            {allowed.has('ACKNOWLEDGE') ? <p className="form-hint">{texts.actions.acknowledgeHint}</p> : null}
            <div className="button-row">
              {simple.map((a) => (
                <button key={a} type="button" className={`button ${a === simple[0] ? 'button-primary' : 'button-secondary'}`} onClick={() => submit({ action: a } as StepCommand)} disabled={action.isPending}>
                  {texts.actions[a]}
                </button>
              ))}
              {allowed.has('COMPLETE') ? (
                <button
                  type="button"
                  className={`button ${simple.length === 0 ? 'button-primary' : 'button-secondary'}`}
                  aria-expanded={form === 'COMPLETE'}
                  aria-controls="complete-form"
                  onClick={() => setForm(form === 'COMPLETE' ? null : 'COMPLETE')}
                >
                  {texts.actions.COMPLETE}
                </button>
              ) : null}
              {allowed.has('BLOCK') ? (
                <button type="button" className="button button-secondary" aria-expanded={form === 'BLOCK'} aria-controls="block-form" onClick={() => setForm(form === 'BLOCK' ? null : 'BLOCK')}>
                  {texts.actions.BLOCK}
                </button>
              ) : null}
            </div>
            <div id="complete-form">
              {form === 'COMPLETE' && allowed.has('COMPLETE') ? (
                <CompleteForm stepId={s.id} pending={action.isPending} error={action.error} submit={submit} onCancel={() => { setForm(null); actionsHeading.current?.focus(); }} />
              ) : null}
            </div>
            <div id="block-form">
              {form === 'BLOCK' && allowed.has('BLOCK') ? (
                <BlockForm stepId={s.id} pending={action.isPending} error={action.error} submit={submit} onCancel={() => { setForm(null); actionsHeading.current?.focus(); }} />
              ) : null}
            </div>
          </section>
        </div>
        <div className="col-12 col-lg-5">
          <StepFacts step={s} />
        </div>
      </div>
      <StepHistory step={s} />
    </Page>
  );
}
