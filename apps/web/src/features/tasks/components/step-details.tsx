import type { StepDetailView } from '../../../api/types';
import { DueStatus } from '../../../components/due-status';
import { danishDate, danishDateTime } from '../../../components/format';
import { blockReasonLabel, personName, stepStatusLabel } from '../../../components/status-labels';
import { texts } from '../texts';

const OPEN = new Set(['ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'BLOCKED']);

export function isOpen(step: StepDetailView): boolean {
  return OPEN.has(step.status);
}

/** The step's facts: who, which forum and authority, when, and what happens next. Never a CPR number. */
export function StepFacts({ step }: { step: StepDetailView }) {
  const t = texts.step;
  return (
    <section aria-labelledby="facts-heading" className="step-facts">
      <h2 id="facts-heading" className="h3">
        {t.facts}
      </h2>
      <dl className="fact-list">
        <dt>{t.person}</dt>
        <dd>{personName(step.fokusperson?.name)}</dd>
        <dt>{t.leadAuthority}</dt>
        <dd>{step.fokusperson?.leadAuthority?.name ?? t.noLeadAuthority}</dd>
        {step.forum ? (
          <>
            <dt>{t.forum}</dt>
            <dd>{step.forum.name}</dd>
          </>
        ) : null}
        {step.ownerAuthority ? (
          <>
            <dt>{t.owner}</dt>
            <dd>{step.ownerAuthority.name}</dd>
          </>
        ) : null}
        {step.assignee ? (
          <>
            <dt>{t.assignee}</dt>
            <dd>{step.assignee.displayName}</dd>
          </>
        ) : null}
        <dt>{t.due}</dt>
        <dd>
          {danishDate(step.dueDate)}
          <DueStatus dueDate={step.dueDate} overdue={step.overdue} open={isOpen(step) && step.status !== 'BLOCKED'} />
        </dd>
        <dt>{t.status}</dt>
        <dd>
          <strong className="badge status-badge">{stepStatusLabel(step.status)}</strong>
        </dd>
        {step.status === 'BLOCKED' && step.blockReason ? (
          <>
            <dt>{t.blockReason}</dt>
            <dd>{blockReasonLabel(step.blockReason)}</dd>
          </>
        ) : null}
        {step.note ? (
          <>
            <dt>{t.note}</dt>
            <dd className="preserve-lines">{step.note}</dd>
          </>
        ) : null}
        {isOpen(step) ? (
          <>
            <dt>{t.nextEvent}</dt>
            <dd>{step.nextEvent ? `${danishDateTime(step.nextEvent.at)} (${t.nextEventKinds[step.nextEvent.kind] ?? step.nextEvent.kind})` : t.noNextEvent}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

/** What happened to the step, newest first. */
export function StepHistory({ step }: { step: StepDetailView }) {
  const t = texts.step;
  const history = [...(step.history ?? [])].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section aria-labelledby="history-heading" className="step-history">
      <h2 id="history-heading" className="h3">
        {t.history}
      </h2>
      {history.length === 0 ? (
        <p>{t.noHistory}</p>
      ) : (
        <ol className="history-list">
          {history.map((entry, i) => (
            <li key={`${entry.at}-${i}`}>
              <span className="history-list__when">{danishDateTime(entry.at)}</span>
              <span className="history-list__what">
                <strong>{texts.historyActions[entry.action] ?? entry.action}</strong>{' '}
                {entry.actor ? t.historyBy(entry.actor.displayName) : t.historySystem}
                {entry.fromStatus && entry.toStatus && entry.fromStatus !== entry.toStatus ? (
                  <span className="history-list__change">{` (${t.statusChange(stepStatusLabel(entry.fromStatus), stepStatusLabel(entry.toStatus))})`}</span>
                ) : null}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
