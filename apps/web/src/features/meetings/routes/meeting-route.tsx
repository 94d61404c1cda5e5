import { useParams } from 'react-router';
import { Alert } from '../../../components/alert';
import { ErrorAlert } from '../../../components/error-alert';
import { danishDateTime, danishTime, danishWeekdayDate } from '../../../components/format';
import { Icon } from '../../../components/icon';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { meetingStatusLabel } from '../../../components/status-labels';
import { inviteUrl, useMeeting } from '../api/meetings';
import { texts } from '../texts';

/** /moeder/:meetingId: when and where, its status, and the calendar invite. */
export function MeetingRoute() {
  const { meetingId = '' } = useParams();
  const meeting = useMeeting(meetingId);

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
  const end = new Date(Date.parse(m.startsAt) + m.durationMinutes * 60_000).toISOString();
  return (
    <Page title={texts.heading(m.forumName)}>
      {m.status === 'CANCELLED' ? <Alert variant="warning">{m.cancelReason ? texts.cancelled(m.cancelReason) : texts.cancelledNoReason}</Alert> : null}
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
      {m.status !== 'CANCELLED' ? (
        <p>
          <a className="button button-secondary" href={inviteUrl(m.id)} download aria-describedby="invite-hint">
            <Icon name="calendar-month" />
            {texts.invite}
          </a>
          <span id="invite-hint" className="form-hint invite-hint">
            {texts.inviteHint}
          </span>
        </p>
      ) : null}
    </Page>
  );
}
