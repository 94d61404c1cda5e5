import { Alert } from '../../../components/alert';
import { Loading } from '../../../components/loading';
import { personName } from '../../../components/status-labels';
import type { AssigneeAuthority, MinutesView } from '../api/meeting-types';
import { texts } from '../texts';
import { draftFrom, type DraftItem, type MinutesDraft } from './minutes-draft';

const t = texts.minutes.conflict;

/** One difference; `target` is the id of the control where the coordinator merges it. */
type Row = { key: string; field: string; mine: string; theirs: string; target: string };

const shown = (s: string) => (s.trim() === '' ? t.empty : s);
const stepsText = (i: DraftItem | undefined, users: Map<string, string>) =>
  (i?.steps ?? []).map((s) => `${s.description} (${users.get(s.assigneeUserId) ?? ''}, ${s.dueDate})`).join('; ');

/** Every field where this tab's draft and the saved minutes differ. */
function differences(mine: MinutesDraft, saved: MinutesView, authorities: AssigneeAuthority[]): Row[] {
  const theirs = draftFrom(saved);
  const users = new Map(authorities.flatMap((a) => a.users.map((u) => [u.id, u.displayName] as const)));
  const rows: Row[] = [];
  for (const { authority } of authorities) {
    const m = mine.attendance[authority.id];
    const o = theirs.attendance[authority.id];
    const text = (a: typeof m) => (a ? `${a.present ? t.present : t.absent}${a.attendees ? `: ${a.attendees}` : ''}` : t.empty);
    if (text(m) !== text(o)) rows.push({ key: `a-${authority.id}`, field: `${t.attendance}: ${authority.name}`, mine: text(m), theirs: text(o), target: `attendance-${authority.id}-present` });
  }
  for (const [index, item] of saved.items.entries()) {
    const m = mine.items[item.itemId];
    const o = theirs.items[item.itemId];
    const name = `${index + 1}. ${personName(item.name)}`;
    const id = `item-${item.itemId}`;
    const fields: [string, string, (i: DraftItem | undefined) => string][] = [
      [texts.minutes.decision, `${id}-decision`, (i) => (i?.decision ? (texts.minutes.decisions[i.decision] ?? i.decision) : '')],
      [texts.minutes.reason, `${id}-reason`, (i) => i?.reason ?? ''],
      [texts.minutes.note, `${id}-note`, (i) => i?.note ?? ''],
      [texts.minutes.review, `${id}-review`, (i) => i?.nextReviewDate ?? ''],
      [texts.minutes.steps, `${id}-heading`, (i) => stepsText(i, users)],
    ];
    for (const [field, target, value] of fields) {
      if (value(m) !== value(o)) rows.push({ key: `${item.itemId}-${field}`, field: `${name}: ${field}`, mine: shown(value(m)), theirs: shown(value(o)), target });
    }
  }
  return rows;
}

/**
 * Someone else saved meanwhile: both versions side by side, field by field, for the coordinator to
 * merge by hand in the form below (copying what is needed from the saved one) and then save theirs.
 */
export function ConflictView({
  draft,
  saved,
  authorities,
  onKeepMine,
  onTakeTheirs,
}: {
  draft: MinutesDraft;
  saved: MinutesView | undefined;
  authorities: AssigneeAuthority[];
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  const ready = saved !== undefined && saved.version !== draft.base;
  const rows = ready ? differences(draft, saved, authorities) : [];
  return (
    <Alert variant="warning" heading={t.heading} className="conflict">
      <p>{t.body}</p>
      {!ready ? <Loading text={t.loading} /> : null}
      {ready && rows.length === 0 ? <p>{t.none}</p> : null}
      {rows.length > 0 ? (
        <table className="table table--compact table-md-responsive-headers conflict-table">
          <caption className="sr-only">{t.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.field}</th>
              <th scope="col">{t.mine}</th>
              <th scope="col">{t.theirs}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row" data-title={t.field}>
                  <a
                    href={`#${r.target}`}
                    onClick={(event) => {
                      const control = document.getElementById(r.target);
                      if (!control) return;
                      event.preventDefault();
                      (control.matches('fieldset') ? control.querySelector<HTMLElement>('input:checked, input') : control)?.focus();
                    }}
                  >
                    {r.field}
                  </a>
                </th>
                <td data-title={t.mine} className="conflict-text">
                  {r.mine}
                </td>
                <td data-title={t.theirs} className="conflict-text">
                  {r.theirs}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {ready ? (
        <div className="conflict-actions">
          <button type="button" className="button button-primary" onClick={onKeepMine}>
            {t.keepMine}
          </button>
          <button type="button" className="button button-secondary" onClick={onTakeTheirs}>
            {t.takeTheirs}
          </button>
        </div>
      ) : null}
    </Alert>
  );
}
