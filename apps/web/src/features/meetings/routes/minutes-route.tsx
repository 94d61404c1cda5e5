import { useCallback } from 'react';
import { useParams } from 'react-router';
import { Alert } from '../../../components/alert';
import { ErrorAlert } from '../../../components/error-alert';
import { danishDateTime } from '../../../components/format';
import { Icon } from '../../../components/icon';
import { BackLink } from '../../../components/back-link';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { personName } from '../../../components/status-labels';
import { minutesPdfUrl, useAssignees, useMeeting, useMinutes } from '../api/meetings';
import { Approval } from '../components/approval';
import { ConflictView } from '../components/conflict-view';
import { ItemEditor } from '../components/item-editor';
import { ItemSummary } from '../components/item-summary';
import { EMPTY_ITEM, itemProblems, unsavedItems, type DraftItem } from '../components/minutes-draft';
import { SaveStatus } from '../components/save-status';
import { useMinutesDraft } from '../components/use-minutes-draft';
import { texts } from '../texts';
import '../meetings.css';

const t = texts.minutes;

/**
 * /moeder/:meetingId/referat: the minutes editor. Each item's decision, reason, note, next review
 * and agreed steps; saved as the coordinator types, kept in the tab, a conflict shown side by side;
 * approved after a preview of what approving does.
 */
export function MinutesRoute() {
  const { meetingId = '' } = useParams();
  const meeting = useMeeting(meetingId);
  const m = meeting.data;
  const open = m !== undefined && (m.status === 'AGENDA_LOCKED' || m.status === 'HELD' || m.status === 'MINUTES_APPROVED');
  const minutes = useMinutes(meetingId, open);
  const authorities = useAssignees(m?.forumId);
  const editable = open && minutes.data !== undefined && minutes.data.status !== 'MINUTES_APPROVED' && minutes.data.approvedAt === null;
  const { draft, state, change, save, keepMine, takeTheirs } = useMinutesDraft(meetingId, minutes.data, editable);
  const setItem = useCallback(
    (itemId: string, patch: Partial<DraftItem>) => change((d) => ({ items: { ...d.items, [itemId]: { ...(d.items[itemId] ?? EMPTY_ITEM), ...patch } } })),
    [change],
  );
  const back = <BackLink to={`/moeder/${meetingId}`}>{texts.back}</BackLink>;

  const failed = meeting.error ?? minutes.error ?? authorities.error;
  if (failed) {
    return (
      <Page title={t.title} before={back}>
        <ErrorAlert error={failed} heading={t.loadFailed} onRetry={() => void Promise.all([meeting.refetch(), minutes.refetch(), authorities.refetch()])} />
      </Page>
    );
  }
  if (!m || (open && (!minutes.data || !authorities.data))) {
    return (
      <Page title={t.title} before={back}>
        <Loading />
      </Page>
    );
  }
  if (!open || !minutes.data || !authorities.data) {
    return (
      <Page title={t.title} heading={t.heading(m.forumName)} before={back}>
        <p>{t.notYet}</p>
      </Page>
    );
  }

  const saved = minutes.data;
  const problems = state.kind === 'failed' ? itemProblems(state.error, state.sent).byItem : {};
  const pending = unsavedItems(draft);
  const nameOf = new Map(saved.items.map((i) => [i.itemId, personName(i.name)]));
  const held = m.status === 'HELD' || Date.parse(m.startsAt) <= Date.now();

  return (
    <Page title={t.title} heading={t.heading(m.forumName)} before={back}>
      {saved.approvedAt ? (
        <Alert variant="success">{t.approvedNote(danishDateTime(saved.approvedAt))}</Alert>
      ) : (
        <p>{t.intro}</p>
      )}
      {saved.approvedAt ? (
        <p>
          <a className="button button-secondary" href={minutesPdfUrl(meetingId)} download>
            <Icon name="download" />
            {texts.minutesPdf}
          </a>
        </p>
      ) : null}
      {state.kind === 'conflict' ? <ConflictView draft={draft} saved={saved} authorities={authorities.data} onKeepMine={keepMine} onTakeTheirs={takeTheirs} /> : null}
      {editable ? <SaveStatus state={state} dirty={draft.dirty} onSave={() => void save()} /> : null}
      {editable && pending.length > 0 ? <Alert variant="info">{t.unsaved(pending.map((id) => nameOf.get(id) ?? '').join(', '))}</Alert> : null}
      {saved.items.length === 0 ? <p className="empty-state">{t.empty}</p> : null}
      {saved.items.map((item, index) =>
        editable ? (
          <ItemEditor
            key={item.itemId}
            item={item}
            number={index + 1}
            draft={draft.items[item.itemId]}
            authorities={authorities.data}
            problem={problems[item.itemId]}
            onChange={setItem}
          />
        ) : (
          <ItemSummary key={item.itemId} item={item} number={index + 1} authorities={authorities.data} />
        ),
      )}
      <Approval meetingId={meetingId} held={held} approved={saved.approvedAt !== null} unsaved={draft.dirty || state.kind === 'conflict'} incomplete={pending.map((id) => nameOf.get(id) ?? '')} />
    </Page>
  );
}
