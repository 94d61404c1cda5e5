import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/error-alert';
import { danishDate, danishTime, danishWeekdayDate } from '../../../components/format';
import { Icon } from '../../../components/icon';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { meetingStatusLabel, personName, personStatusLabel } from '../../../components/status-labels';
import { useForumOverview, type ForumOverview } from '../api/forum';
import { texts } from '../texts';
import '../forum.css';

const STATUSES = ['NOMINATED', 'ACTIVE', 'CLOSED', 'REJECTED', 'ANONYMISED'];

function lockText(meeting: NonNullable<ForumOverview['nextMeeting']>): string {
  const t = texts.overview;
  if (meeting.agendaLocksAt === null || meeting.daysUntilLock === null) return t.locked;
  if (meeting.daysUntilLock <= 0) return t.locksToday(danishTime(meeting.agendaLocksAt));
  return t.locksIn(meeting.daysUntilLock, `${danishDate(meeting.agendaLocksAt)} kl. ${danishTime(meeting.agendaLocksAt)}`);
}

function NextMeeting({ meeting }: { meeting: ForumOverview['nextMeeting'] }) {
  const t = texts.overview;
  return (
    <section aria-labelledby="next-meeting-heading" className="forum-section forum-next-meeting">
      <h2 id="next-meeting-heading">{t.nextMeeting}</h2>
      {meeting ? (
        <>
          <dl className="fact-list fact-list--grid">
            <dt>{t.when}</dt>
            <dd>{`${danishWeekdayDate(meeting.startsAt)} kl. ${danishTime(meeting.startsAt)}`}</dd>
            <dt>{t.where}</dt>
            <dd>{meeting.location ?? t.noPlace}</dd>
            <dt>{t.status}</dt>
            <dd>
              <strong className="badge status-badge">{meetingStatusLabel(meeting.status)}</strong>
            </dd>
            <dt>{t.cases}</dt>
            <dd>{meeting.itemCount}</dd>
            <dt>{t.lock}</dt>
            <dd>{lockText(meeting)}</dd>
          </dl>
          <p>
            <Link to={`/moeder/${meeting.id}`} className="button button-primary forum-link-button">
              {t.openMeeting}
              <Icon name="chevron-right" />
            </Link>
          </p>
        </>
      ) : (
        <p className="empty-state">{t.noMeeting}</p>
      )}
    </section>
  );
}

function PersonsByStatus({ forumId, counts }: { forumId: string; counts: ForumOverview['personsByStatus'] }) {
  const t = texts.overview;
  return (
    <section aria-labelledby="persons-heading" className="forum-section">
      <h2 id="persons-heading">{t.persons}</h2>
      <table className="table table--compact forum-count-table">
        <caption className="sr-only">{t.personsCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.statusColumn}</th>
            <th scope="col" className="numeric">
              {t.countColumn}
            </th>
          </tr>
        </thead>
        <tbody>
          {STATUSES.map((s) => (
            <tr key={s}>
              <th scope="row">{personStatusLabel(s)}</th>
              <td className="numeric">
                {counts[s] ? (
                  <Link to={`/fora/${forumId}/personer?status=${s}`} aria-label={t.listOf(personStatusLabel(s), counts[s] ?? 0)}>
                    {counts[s]}
                  </Link>
                ) : (
                  0
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <Link to={`/fora/${forumId}/personer`}>{t.allPersons}</Link>
      </p>
    </section>
  );
}

function Nominations({ nominations }: { nominations: ForumOverview['nominations'] }) {
  const t = texts.overview;
  return (
    <section aria-labelledby="nominations-heading" className="forum-section">
      <h2 id="nominations-heading">{t.nominations}</h2>
      {nominations.length === 0 ? (
        <p className="empty-state">{t.noNominations}</p>
      ) : (
        <table className="table table--compact table-md-responsive-headers">
          <caption className="sr-only">{t.nominationsCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.columns.name}</th>
              <th scope="col">{t.columns.nominatedAt}</th>
              <th scope="col">{t.columns.by}</th>
            </tr>
          </thead>
          <tbody>
            {nominations.map((n) => (
              <tr key={n.id}>
                <td data-title={t.columns.name}>
                  <Link to={`/personer/${n.id}`}>{personName(n.name)}</Link>
                </td>
                <td data-title={t.columns.nominatedAt}>{danishDate(n.nominatedAt)}</td>
                <td data-title={t.columns.by}>{n.nominatingAuthority.name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function NeedingAttention({ persons }: { persons: ForumOverview['needingAttention'] }) {
  const t = texts.overview;
  return (
    <section aria-labelledby="attention-heading" className="forum-section">
      <h2 id="attention-heading">{t.attention}</h2>
      {persons.length === 0 ? (
        <p className="empty-state">{t.noAttention}</p>
      ) : (
        <table className="table table--compact table-md-responsive-headers">
          <caption className="sr-only">{t.attentionCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.columns.name}</th>
              <th scope="col" className="numeric">
                {t.columns.overdue}
              </th>
              <th scope="col" className="numeric">
                {t.columns.blocked}
              </th>
            </tr>
          </thead>
          <tbody>
            {persons.map((p) => (
              <tr key={p.id}>
                <td data-title={t.columns.name}>
                  <Link to={`/personer/${p.id}`}>{personName(p.name)}</Link>
                </td>
                <td data-title={t.columns.overdue} className="numeric">
                  {p.overdueSteps}
                </td>
                <td data-title={t.columns.blocked} className="numeric">
                  {p.blockedSteps}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** /fora/:forumId: the coordinator's forum at a glance — the next meeting, the register by status, nominations to decide, plans that need attention. */
export function ForumRoute() {
  const { forumId = '' } = useParams();
  const overview = useForumOverview(forumId);
  const t = texts.overview;

  if (overview.isPending) {
    return (
      <Page title={t.title}>
        <Loading />
      </Page>
    );
  }
  if (overview.isError) {
    return (
      <Page title={t.title}>
        <ErrorAlert error={overview.error} heading={texts.loadFailed} onRetry={() => void overview.refetch()} />
      </Page>
    );
  }
  const o = overview.data;
  return (
    <Page title={o.forum.name}>
      <p>
        <Link to={`/fora/${forumId}/planlaegning`} className="forum-icon-link">
          <Icon name="calendar-month" />
          {t.planning}
        </Link>
      </p>
      <NextMeeting meeting={o.nextMeeting} />
      <Nominations nominations={o.nominations} />
      <NeedingAttention persons={o.needingAttention} />
      <PersonsByStatus forumId={forumId} counts={o.personsByStatus} />
    </Page>
  );
}
