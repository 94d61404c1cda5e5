import { useRef, useState } from 'react';
import { Alert } from '../../../components/alert';
import { ErrorAlert } from '../../../components/error-alert';
import { Icon } from '../../../components/icon';
import { Loading } from '../../../components/loading';
import type { MeetingView } from '../../../api/types';
import { useAgenda, useLock } from '../api/meetings';
import { texts } from '../texts';
import { CaseList } from './case-list';
import { ConfirmDialog } from '../../../components/confirm-dialog';

const t = texts.lock;

/** The case list and, before the lock, the button that locks it (after a dialog saying what that means). */
export function AgendaSection({ meeting }: { meeting: MeetingView }) {
  const agenda = useAgenda(meeting.id, true);
  const lock = useLock(meeting.id);
  const [asking, setAsking] = useState(false);
  const outcome = useRef<HTMLDivElement>(null);
  const editable = meeting.status === 'PLANNED';

  return (
    <section aria-labelledby="case-list-heading" className="meeting-section">
      <h2 id="case-list-heading">{texts.caseList.heading}</h2>
      <p>{editable ? texts.caseList.intro : texts.caseList.lockedIntro}</p>
      <div ref={outcome} tabIndex={-1} className="meeting-outcome">
        {lock.isSuccess ? (
          <Alert variant="success" live>
            {t.done}
          </Alert>
        ) : null}
        {lock.isError ? <ErrorAlert error={lock.error} heading={t.failed} conflict={t.conflict} headingLevel={3} /> : null}
      </div>
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
        <ConfirmDialog
          heading={t.heading}
          confirm={t.confirm}
          cancel={t.cancel}
          pending={lock.isPending}
          pendingText={t.pending}
          onCancel={() => setAsking(false)}
          onConfirm={() =>
            lock.mutate(undefined, {
              onSettled: () => {
                setAsking(false);
                // The lock button is gone: the outcome (or the error below) is where the coordinator continues.
                window.setTimeout(() => outcome.current?.focus(), 0);
              },
            })
          }
        >
          <ul>
            {t.body.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
