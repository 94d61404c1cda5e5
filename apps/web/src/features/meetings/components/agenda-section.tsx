import { ErrorAlert } from '../../../components/error-alert';
import { Icon } from '../../../components/icon';
import { Loading } from '../../../components/loading';
import type { MeetingView } from '../../../api/types';
import { useAgenda, useLock } from '../api/meetings';
import { texts } from '../texts';
import { CaseList } from './case-list';
import { StepDialog, StepOutcome, useConfirmedStep } from './confirmed-step';

const t = texts.lock;

/** The case list and, before the lock, the button that locks it (after a dialog saying what that means). */
export function AgendaSection({ meeting }: { meeting: MeetingView }) {
  const agenda = useAgenda(meeting.id, true);
  const lock = useLock(meeting.id);
  const { asking, setAsking, outcome, settled } = useConfirmedStep();
  const editable = meeting.status === 'PLANNED';

  return (
    <section aria-labelledby="case-list-heading" className="meeting-section">
      <h2 id="case-list-heading">{texts.caseList.heading}</h2>
      <p>{editable ? texts.caseList.intro : texts.caseList.lockedIntro}</p>
      <StepOutcome outcomeRef={outcome} t={t} done={lock.isSuccess ? t.done : null} error={lock.error} />
      {agenda.isPending ? <Loading /> : null}
      {agenda.isError ? <ErrorAlert error={agenda.error} heading={texts.caseList.loadFailed} onRetry={() => void agenda.refetch()} headingLevel={3} /> : null}
      {agenda.data ? <CaseList meetingId={meeting.id} forumId={meeting.forumId} agenda={agenda.data} editable={editable} /> : null}
      {editable ? (
        <p className="case-lock">
          <button type="button" className="button button-primary" onClick={() => setAsking(true)}>
            <Icon name="lock" />
            {t.button}
          </button>
        </p>
      ) : null}
      {asking ? (
        <StepDialog
          t={t}
          pending={lock.isPending}
          onCancel={() => setAsking(false)}
          // The lock button is gone: the outcome (or the error below) is where the coordinator continues.
          onConfirm={() => lock.mutate(undefined, { onSettled: settled })}
        >
          <ul>
            {t.body.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </StepDialog>
      ) : null}
    </section>
  );
}
