import { Link, useParams } from 'react-router';
import { Alert } from '../../../components/alert';
import { ErrorAlert } from '../../../components/error-alert';
import { danishDateTime, danishTime, danishWeekdayDate } from '../../../components/format';
import { DownloadLink } from '../../../components/download-link';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { meetingStatusLabel } from '../../../components/status-labels';
import type { MeetingView } from '../../../api/types';
import { agendaPdfUrl, inviteUrl, useIsCoordinator, useMeeting } from '../api/meetings';
import { AgendaSection } from '../components/agenda-section';
import { AttendanceSection } from '../components/attendance-section';
import { texts } from '../texts';
import '../meetings.css';

function Facts({ m }: { m: MeetingView }) {
  const end = new Date(Date.parse(m.startsAt) + m.durationMinutes * 60_000).toISOString();
  return (
    <dl className="fact-list">
      <dt>{texts.when}</dt>
      <dd>{texts.time(danishWeekdayDate(m.startsAt), danishTime(m.startsAt), danishTime(end))}</dd>
      <dt>{texts.where}</dt>
      <dd>{m.location ?? texts.noPlace}</dd>
      <dt>{texts.status}</dt>
      <dd>
        <strong className="badge status-badge">{meetingStatusLabel(m.status)}</strong>
      </dd>
      <dt>{texts.cases}</dt>
      <dd>{m.itemCount}</dd>
      {m.nextEvent ? (
        <>
          <dt>{texts.next}</dt>
          <dd>{`${texts.nextEvents[m.nextEvent.kind] ?? m.nextEvent.kind} ${danishDateTime(m.nextEvent.at)}`}</dd>
        </>
      ) : null}
    </dl>
  );
}

function Downloads({ m, coordinator }: { m: MeetingView; coordinator: boolean }) {
  return (
    <div className="meeting-downloads">
      <DownloadLink href={inviteUrl(m.id)} icon="calendar-month" label={texts.invite} hint={texts.inviteHint} hintId="invite-hint" hintClassName="invite-hint" />
      {coordinator ? (
        <DownloadLink href={agendaPdfUrl(m.id)} label={texts.agendaPdf} hint={texts.pdfHint} hintId="pdf-hint" hintClassName="invite-hint" />
      ) : null}
    </div>
  );
}

/**
 * /moeder/:meetingId: when and where, its status and the next step, the calendar invite. The
 * forum's coordinators also prepare the case list here, lock it, and record attendance.
 */
export function MeetingRoute() {
  const { meetingId = '' } = useParams();
  const meeting = useMeeting(meetingId);
  const coordinator = useIsCoordinator(meeting.data?.forumId);

  if (meeting.isPending) {
    return (
      <Page title={texts.title}>
        <Loading />
      </Page>
    );
  }
  if (meeting.isError) {
    return (
      <Page title={texts.title}>
        <ErrorAlert error={meeting.error} heading={texts.loadFailed} onRetry={() => void meeting.refetch()} />
      </Page>
    );
  }
  const m = meeting.data;
  const active = m.status !== 'CANCELLED';
  const minutesOpen = m.status !== 'PLANNED' && active;
  return (
    <Page title={texts.heading(m.forumName)}>
      {m.status === 'CANCELLED' ? <Alert variant="warning">{m.cancelReason ? texts.cancelled(m.cancelReason) : texts.cancelledNoReason}</Alert> : null}
      <Facts m={m} />
      {active ? <Downloads m={m} coordinator={coordinator === true} /> : null}
      {coordinator && active ? (
        <>
          <AgendaSection meeting={m} />
          <AttendanceSection meeting={m} />
          <section aria-labelledby="minutes-heading" className="meeting-section">
            <h2 id="minutes-heading">{texts.minutes.title}</h2>
            {minutesOpen ? (
              <p>
                <Link className="button button-primary" to={`/moeder/${m.id}/referat`}>
                  {m.status === 'MINUTES_APPROVED' ? texts.minutesLinkApproved : texts.minutesLink}
                </Link>
              </p>
            ) : (
              <p>{texts.minutes.notYet}</p>
            )}
          </section>
        </>
      ) : null}
    </Page>
  );
}
