import { danishDate } from '../../../components/format';
import type { AssigneeAuthority, MinutesItem } from '../api/meeting-types';
import { texts } from '../texts';
import { ItemHeading } from './item-editor';

const t = texts.minutes;

/** An approved item, read only: what was decided and agreed. */
export function ItemSummary({ item, number, authorities }: { item: MinutesItem; number: number; authorities: AssigneeAuthority[] }) {
  const authority = new Map(authorities.map((a) => [a.authority.id, a.authority.name]));
  const user = new Map(authorities.flatMap((a) => a.users.map((u) => [u.id, u.displayName] as const)));
  return (
    <section className="minutes-item" aria-labelledby={`item-${item.itemId}-heading`}>
      <ItemHeading item={item} number={number} />
      <dl className="fact-list">
        <dt>{t.decision}</dt>
        <dd>{item.decision ? (t.decisions[item.decision] ?? item.decision) : t.undecided}</dd>
        {item.reason ? (
          <>
            <dt>{t.reason}</dt>
            <dd className="preserve-lines">{item.reason}</dd>
          </>
        ) : null}
        {item.note ? (
          <>
            <dt>{t.note}</dt>
            <dd className="preserve-lines">{item.note}</dd>
          </>
        ) : null}
        {item.nextReviewDate ? (
          <>
            <dt>{t.review}</dt>
            <dd>{danishDate(item.nextReviewDate)}</dd>
          </>
        ) : null}
      </dl>
      {item.steps.length > 0 ? (
        <>
          <h3 className="h4">{t.steps}</h3>
          <ul>
            {item.steps.map((s, i) => (
              <li key={i}>{t.approve.stepLine(s.description, user.get(s.assigneeUserId) ?? '', authority.get(s.ownerAuthorityId) ?? '', danishDate(s.dueDate))}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
