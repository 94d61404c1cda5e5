import { Alert } from '../../../components/alert';
import { ErrorAlert } from '../../../components/error-alert';
import { danishDate } from '../../../components/format';
import { Loading } from '../../../components/loading';
import { personName } from '../../../components/status-labels';
import { useApprovalPreview, useApprove } from '../api/meetings';
import type { ApprovalPreview } from '../api/meeting-types';
import { texts } from '../texts';
import { StepDialog, StepOutcome, useConfirmedStep } from './confirmed-step';

const t = texts.minutes.approve;
const status = (s: string) => texts.caseList.personStatus[s] ?? s;

function PreviewBody({ preview }: { preview: ApprovalPreview }) {
  return (
    <>
      <p>{t.intro}</p>
      {preview.problems.length > 0 ? (
        <Alert variant="error" heading={t.problems} headingLevel={3}>
          <p>{t.problemsText(preview.problems.length)}</p>
        </Alert>
      ) : null}
      <h3 className="h5">{t.persons}</h3>
      {preview.persons.length === 0 ? <p>{t.noPersons}</p> : null}
      <ul>
        {preview.persons.map((p) => (
          <li key={p.fokuspersonId}>
            {t.personChange(personName(p.name), status(p.fromStatus), status(p.toStatus), texts.minutes.decisions[p.decision] ?? p.decision)}
            {p.nextReviewDate ? `, ${t.reviewOn(danishDate(p.nextReviewDate))}` : null}
          </li>
        ))}
      </ul>
      <h3 className="h5">{t.steps}</h3>
      {preview.steps.length === 0 ? <p>{t.noSteps}</p> : null}
      <ul>
        {preview.steps.map((s, i) => (
          <li key={`${s.fokuspersonId}-${i}`}>
            <strong>{personName(s.name)}:</strong> {t.stepLine(s.description, s.assignee.displayName, s.ownerAuthority.name, danishDate(s.dueDate))}
          </li>
        ))}
      </ul>
      <p>{t.undecided}</p>
    </>
  );
}

/**
 * Approving: the button first shows what approving will do (the api's preview of the saved
 * minutes), and only the dialog's own button approves.
 */
export function Approval({ meetingId, held, approved, unsaved, incomplete }: { meetingId: string; held: boolean; approved: boolean; unsaved: boolean; incomplete: string[] }) {
  const { asking, setAsking, outcome, settled } = useConfirmedStep();
  const preview = useApprovalPreview(meetingId, asking);
  const approve = useApprove(meetingId);

  if (approved && !approve.isSuccess) return null;
  return (
    <section aria-labelledby="approve-heading" className="meeting-section">
      <h2 id="approve-heading">{t.button}</h2>
      <StepOutcome outcomeRef={outcome} t={t} done={approve.isSuccess ? t.done(approve.data.startedStepIds.length) : null} error={approve.error} />
      {!held ? <p>{t.notYetHeld}</p> : null}
      {held && unsaved && !approved ? <p>{t.unsavedFirst}</p> : null}
      {held && !approved ? (
        <p>
          <button type="button" className="button button-primary" onClick={() => setAsking(true)} aria-disabled={unsaved} disabled={unsaved}>
            {t.button}
          </button>
        </p>
      ) : null}
      {asking ? (
        <StepDialog t={t} pending={approve.isPending} canConfirm={preview.isSuccess && preview.data.problems.length === 0} onCancel={() => setAsking(false)} onConfirm={() => approve.mutate(undefined, { onSettled: settled })}>
          {incomplete.length > 0 ? <Alert variant="warning" headingLevel={3} heading={t.incomplete}>{t.incompleteText(incomplete.join(', '))}</Alert> : null}
          {preview.isPending ? <Loading text={t.loading} /> : null}
          {preview.isError ? <ErrorAlert error={preview.error} heading={t.failedPreview} conflict={t.conflict} headingLevel={3} /> : null}
          {preview.data ? <PreviewBody preview={preview.data} /> : null}
        </StepDialog>
      ) : null}
    </section>
  );
}
