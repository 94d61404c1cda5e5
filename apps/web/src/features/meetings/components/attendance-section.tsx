import { ErrorAlert } from '../../../components/error-alert';
import { Loading } from '../../../components/loading';
import type { MeetingView } from '../../../api/types';
import { useAssignees, useMinutes } from '../api/meetings';
import { texts } from '../texts';
import { Attendance } from './attendance';
import { ConflictView } from './conflict-view';
import { SaveStatus } from './save-status';
import { useMinutesDraft } from './use-minutes-draft';

/** Attendance per member authority, saved with the minutes draft (once the agenda is locked). */
export function AttendanceSection({ meeting }: { meeting: MeetingView }) {
  const open = meeting.status === 'AGENDA_LOCKED' || meeting.status === 'HELD' || meeting.status === 'MINUTES_APPROVED';
  const minutes = useMinutes(meeting.id, open);
  const authorities = useAssignees(meeting.forumId);
  const editable = meeting.status === 'AGENDA_LOCKED' || meeting.status === 'HELD';
  const draft = useMinutesDraft(meeting.id, minutes.data, editable);
  const failed = minutes.error ?? authorities.error;

  return (
    <section aria-labelledby="attendance-heading" className="meeting-section">
      <h2 id="attendance-heading">{texts.attendance.heading}</h2>
      {!open ? <p>{texts.attendance.notYet}</p> : null}
      {open && (minutes.isPending || authorities.isPending) ? <Loading /> : null}
      {open && failed ? <ErrorAlert error={failed} heading={texts.minutes.loadFailed} onRetry={() => void Promise.all([minutes.refetch(), authorities.refetch()])} headingLevel={3} /> : null}
      {open && minutes.data && authorities.data ? (
        <>
          <p>{texts.attendance.intro}</p>
          {draft.state.kind === 'conflict' ? (
            <ConflictView draft={draft.draft} saved={minutes.data} authorities={authorities.data} onKeepMine={draft.keepMine} onTakeTheirs={draft.takeTheirs} />
          ) : null}
          <Attendance authorities={authorities.data} draft={draft.draft} editable={editable} onChange={draft.change} />
          {editable ? <SaveStatus state={draft.state} dirty={draft.draft.dirty} onSave={() => void draft.save()} /> : null}
        </>
      ) : null}
    </section>
  );
}
