import { useRef, useState, type DragEvent } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/error-alert';
import { personName } from '../../../components/status-labels';
import { useAgendaChange, type AgendaChange } from '../api/meetings';
import type { AgendaView, CaseListItem } from '../api/meeting-types';
import { texts } from '../texts';
import { AddPerson } from './add-person';

const t = texts.caseList;

function moved(ids: string[], from: number, to: number): string[] {
  const next = [...ids];
  const [id] = next.splice(from, 1);
  next.splice(to, 0, id!);
  return next;
}

/** One person on the list: who, why, how their plan stands. */
function ItemFacts({ item, number }: { item: CaseListItem; number: number }) {
  const name = personName(item.name);
  return (
    <div className="case-facts">
      <p className="case-name">
        <span className="case-position">{`${number}.`}</span> <Link to={`/personer/${item.fokuspersonId}`}>{name}</Link>{' '}
        <span className="badge case-status">{t.personStatus[item.status] ?? item.status}</span>
      </p>
      <ul className="case-reasons unstyled-list" aria-label={t.why}>
        {item.reasons.map((r) => (
          <li key={r} className={`badge case-reason case-reason--${r.toLowerCase()}`}>
            {t.reasons[r] ?? r}
          </li>
        ))}
      </ul>
      <p className="case-meta">
        {item.leadAuthority ? t.lead(item.leadAuthority.name) : t.noLead}
        <span aria-hidden="true"> · </span>
        <span>{item.openSteps + item.overdueSteps + item.blockedSteps > 0 ? t.steps(item.openSteps, item.overdueSteps, item.blockedSteps) : t.noSteps}</span>
      </p>
    </div>
  );
}

/**
 * The case list. Before the lock the coordinator adds, removes and reorders: with the Op/Ned
 * buttons (each move is announced, and focus stays on the button that was used) or by dragging a row.
 */
export function CaseList({ meetingId, forumId, agenda, editable }: { meetingId: string; forumId: string; agenda: AgendaView; editable: boolean }) {
  const change = useAgendaChange(meetingId);
  const [announcement, setAnnouncement] = useState('');
  const [dragging, setDragging] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const items = agenda.items;
  // Changes go one after another, each made from the list the one before left (a quick second press is not lost).
  const latest = useRef(agenda);
  latest.current = agenda;
  const queue = useRef(Promise.resolve());
  const run = (make: (current: AgendaView) => { change: AgendaChange; done: string } | null, after?: () => void) => {
    queue.current = queue.current.then(async () => {
      const next = make(latest.current);
      if (!next) return;
      try {
        latest.current = await change.mutateAsync(next.change);
        setAnnouncement(next.done);
        after?.();
      } catch {
        // Shown by the error alert (change.error).
      }
    });
  };

  /** Moves the item to `target` (an index, or a step up/down from where it is now). */
  const move = (itemId: string, target: (index: number) => number, focusId?: string) =>
    run(
      (current) => {
        const ids = current.items.map((i) => i.itemId);
        const index = ids.indexOf(itemId);
        const to = target(index);
        if (index < 0 || to < 0 || to >= ids.length || to === index) return null;
        return { change: { kind: 'order', itemIds: moved(ids, index, to) }, done: t.moved(personName(current.items[index]!.name), to + 1, ids.length) };
      },
      () => focusId && window.setTimeout(() => document.getElementById(focusId)?.focus(), 0),
    );
  const remove = (item: CaseListItem) =>
    run(
      () => ({ change: { kind: 'remove', itemId: item.itemId }, done: t.removed(personName(item.name)) }),
      () => window.setTimeout(() => list.current?.focus(), 0),
    );
  const drop = (event: DragEvent, to: number) => {
    event.preventDefault();
    if (dragging !== null) move(dragging, () => to);
    setDragging(null);
  };

  return (
    <>
      <div className="sr-only" role="status" aria-live="polite">
        {announcement}
      </div>
      {change.isError ? <ErrorAlert error={change.error} heading={t.changeFailed} conflict={change.variables?.kind === 'add' ? texts.add.conflict : t.lockedConflict} headingLevel={3} /> : null}
      {items.length === 0 ? <p className="empty-state">{t.empty}</p> : null}
      {items.length > 0 ? (
        <ol className="case-list no-max-width" aria-label={t.caption} ref={list} tabIndex={-1}>
          {items.map((item, index) => {
            const name = personName(item.name);
            const up = `move-up-${item.itemId}`;
            const down = `move-down-${item.itemId}`;
            return (
              <li
                key={item.itemId}
                className={`case-item${dragging === item.itemId ? ' case-item--dragging' : ''}`}
                draggable={editable}
                onDragStart={() => setDragging(item.itemId)}
                onDragEnd={() => setDragging(null)}
                onDragOver={(e) => editable && e.preventDefault()}
                onDrop={(e) => drop(e, index)}
              >
                <ItemFacts item={item} number={index + 1} />
                {editable ? (
                  <div className="case-actions">
                    <button type="button" id={up} className="button button-secondary button-compact" aria-label={t.moveUp(name)} aria-disabled={index === 0} onClick={() => move(item.itemId, (i) => i - 1, index - 1 === 0 ? down : up)}>
                      {t.up}
                    </button>
                    <button type="button" id={down} className="button button-secondary button-compact" aria-label={t.moveDown(name)} aria-disabled={index === items.length - 1} onClick={() => move(item.itemId, (i) => i + 1, index + 1 === items.length - 1 ? up : down)}>
                      {t.down}
                    </button>
                    <button type="button" className="button button-secondary button-compact" aria-label={t.removeLabel(name)} onClick={() => remove(item)}>
                      {t.remove}
                    </button>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : null}
      {editable && items.length > 1 ? <p className="form-hint">{t.dragHint}</p> : null}
      {editable ? (
        <AddPerson
          forumId={forumId}
          onList={new Set(items.map((i) => i.fokuspersonId))}
          pending={change.isPending}
          onAdd={(person, done) => run(() => ({ change: { kind: 'add', fokuspersonId: person.id }, done: t.added(personName(person.name)) }), done)}
        />
      ) : null}
    </>
  );
}
