import { memo } from 'react';
import { Link } from 'react-router';
import { RadioGroup, TextAreaField } from '../../../components/form-fields';
import { personName } from '../../../components/status-labels';
import type { AssigneeAuthority, ItemDecision, MinutesItem } from '../api/meeting-types';
import { texts } from '../texts';
import { DateField } from './date-field';
import { decisionsFor, EMPTY_ITEM, leadsToActive, newStepKey, type DraftItem, type DraftStep } from './minutes-draft';
import { StepEditor } from './step-editor';

const t = texts.minutes;

/** An item's heading: position and name, the person's status, why they are on the list, a link to their page. */
export function ItemHeading({ item, number }: { item: MinutesItem; number: number }) {
  const name = personName(item.name);
  return (
    <>
      <h2 id={`item-${item.itemId}-heading`} className="h3" tabIndex={-1}>
        {t.item(number, name)}
      </h2>
      <p className="case-meta">
        <span className="badge case-status">{texts.caseList.personStatus[item.status] ?? item.status}</span>{' '}
        {item.reasons.map((r) => texts.caseList.reasons[r] ?? r).join(', ')} <Link to={`/personer/${item.fokuspersonId}`}>{t.personLink(name)}</Link>
      </p>
    </>
  );
}

/**
 * One agenda item's minutes: the decision that fits the person's status, why, notes, next review
 * and agreed steps. Drawn again only when its own draft changes (a key typed in one of 60 items
 * redraws that item, not the page): `onChange` is the same function for every item, told which.
 */
export const ItemEditor = memo(function ItemEditor({
  item,
  number,
  draft = EMPTY_ITEM,
  authorities,
  problem,
  onChange,
}: {
  item: MinutesItem;
  /** Its place on the list, from 1. */
  number: number;
  draft?: DraftItem;
  authorities: AssigneeAuthority[];
  problem?: string;
  onChange: (itemId: string, change: Partial<DraftItem>) => void;
}) {
  const id = `item-${item.itemId}`;
  const edit = (patch: Partial<DraftItem>) => onChange(item.itemId, patch);
  const decisions = decisionsFor(item.status);
  const active = leadsToActive(draft.decision);
  const setStep = (key: string, patch: Partial<DraftStep>) => edit({ steps: draft.steps.map((s) => (s.key === key ? { ...s, ...patch } : s)) });
  const addStep = () => {
    const key = newStepKey();
    edit({ steps: [...draft.steps, { key, description: '', ownerAuthorityId: '', assigneeUserId: '', dueDate: '' }] });
    window.setTimeout(() => document.getElementById(`${id}-step-${key}-description`)?.focus(), 0);
  };

  return (
    <section className="minutes-item" aria-labelledby={`${id}-heading`}>
      <ItemHeading item={item} number={number} />
      {problem ? (
        <p className="form-error-message" role="alert" id={`${id}-problem`}>
          {problem}
        </p>
      ) : null}
      {decisions.length === 0 ? (
        <p>{t.noDecisions}</p>
      ) : (
        <RadioGroup<ItemDecision>
          id={`${id}-decision`}
          legend={t.decision}
          hint={t.decisionHint}
          value={draft.decision}
          options={decisions.map((d) => ({ value: d, label: t.decisions[d] ?? d }))}
          onChange={(decision) => edit({ decision })}
        />
      )}
      <TextAreaField id={`${id}-reason`} label={t.reason} hint={t.reasonHint} value={draft.reason} onChange={(reason) => edit({ reason })} rows={3} maxLength={2000} />
      <TextAreaField id={`${id}-note`} label={t.note} optional value={draft.note} onChange={(note) => edit({ note })} rows={3} maxLength={4000} />
      {active ? (
        <>
          <DateField id={`${id}-review`} label={t.review} hint={t.reviewHint} optional value={draft.nextReviewDate} onChange={(nextReviewDate) => edit({ nextReviewDate })} />
          <h3 className="h4">{t.steps}</h3>
          {draft.steps.length === 0 ? <p className="empty-state">{t.noSteps}</p> : null}
          {draft.steps.map((s, i) => (
            <StepEditor
              key={s.key}
              idPrefix={`${id}-step`}
              n={i + 1}
              step={s}
              authorities={authorities}
              onChange={(patch) => setStep(s.key, patch)}
              onRemove={() => edit({ steps: draft.steps.filter((x) => x.key !== s.key) })}
            />
          ))}
          <button type="button" className="button button-secondary" onClick={addStep}>
            {t.addStep}
          </button>
        </>
      ) : null}
    </section>
  );
});
