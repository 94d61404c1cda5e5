import { Link } from 'react-router';
import type { BlockedStepView, OversightGroupView } from '../../../api/types';
import { DueStatus, urgencyOf } from '../../../components/due-status';
import { danishDate } from '../../../components/format';
import { blockReasonLabel, personName } from '../../../components/status-labels';
import { texts } from '../texts';
import type { ReassignTarget } from './reassign-dialog';

const SHORT = 120;
export const short = (text: string | null) => {
  const value = text ?? '';
  return value.length > SHORT ? `${value.slice(0, SHORT - 1).trimEnd()}…` : value;
};

function ReassignButton({ target, onReassign }: { target: ReassignTarget; onReassign: (target: ReassignTarget) => void }) {
  return (
    <button type="button" className="button button-secondary" aria-label={texts.reassign.buttonFor(short(target.description))} onClick={() => onReassign(target)}>
      {texts.reassign.button}
    </button>
  );
}

/** Overdue and soon-due steps of one caseworker, most overdue first. */
export function CaseworkerGroup({ group, onReassign }: { group: OversightGroupView; onReassign: (target: ReassignTarget) => void }) {
  const c = texts.columns;
  const steps = [...group.steps].sort((a, b) => b.daysOverdue - a.daysOverdue);
  const overdue = steps.filter((s) => urgencyOf(s.daysOverdue, s.daysOverdue > 0) === 'overdue').length;
  const headingId = `caseworker-${group.assignee.id}`;
  return (
    <section className="caseworker-group" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {group.assignee.displayName} <span className="caseworker-group__count">({texts.overdue.count(overdue, steps.length - overdue)})</span>
      </h3>
      <table className="table table--compact table-md-responsive-headers oversight-table oversight-table--overdue">
        <caption className="sr-only">{group.assignee.displayName}</caption>
        <thead>
          <tr>
            <th scope="col">{c.due}</th>
            <th scope="col">{c.task}</th>
            <th scope="col">{c.person}</th>
            <th scope="col">{c.forum}</th>
            <th scope="col">{c.action}</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s) => (
            <tr key={s.stepId}>
              <td data-title={c.due}>
                <DueStatus dueDate={s.dueDate} daysOverdue={s.daysOverdue} overdue={s.daysOverdue > 0} />
                <span className="table-subtext">{danishDate(s.dueDate)}</span>
              </td>
              <td data-title={c.task}>
                <Link to={`/opgaver/${s.stepId}`}>{short(s.description)}</Link>
              </td>
              <td data-title={c.person}>{personName(s.fokusperson?.name)}</td>
              <td data-title={c.forum}>{s.forum?.name}</td>
              <td data-title={c.action}>
                <ReassignButton target={{ stepId: s.stepId, description: s.description ?? '', assignee: group.assignee }} onReassign={onReassign} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function BlockedTable({ steps, onReassign }: { steps: BlockedStepView[]; onReassign: (target: ReassignTarget) => void }) {
  const c = texts.columns;
  const sorted = [...steps].sort((a, b) => (a.blockedAt ?? '').localeCompare(b.blockedAt ?? ''));
  return (
    <table className="table table--compact table-md-responsive-headers oversight-table oversight-table--blocked">
      <caption className="sr-only">{texts.blocked.heading}</caption>
      <thead>
        <tr>
          <th scope="col">{c.reason}</th>
          <th scope="col">{c.task}</th>
          <th scope="col">{c.person}</th>
          <th scope="col">{c.assignee}</th>
          <th scope="col">{c.since}</th>
          <th scope="col">{c.action}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((s) => (
          <tr key={s.stepId}>
            <td data-title={c.reason}>
              <strong>{blockReasonLabel(s.blockReason)}</strong>
              {s.blockText ? <span className="table-subtext preserve-lines">{s.blockText}</span> : null}
            </td>
            <td data-title={c.task}>
              <Link to={`/opgaver/${s.stepId}`}>{short(s.description)}</Link>
              <span className="table-subtext">{`${s.forum.name}, ${texts.columns.due.toLowerCase()} ${danishDate(s.dueDate)}`}</span>
            </td>
            <td data-title={c.person}>{personName(s.fokusperson.name)}</td>
            <td data-title={c.assignee}>{s.assignee.displayName}</td>
            <td data-title={c.since}>{s.blockedAt ? danishDate(s.blockedAt) : texts.blocked.unknownSince}</td>
            <td data-title={c.action}>
              <ReassignButton target={{ stepId: s.stepId, description: s.description ?? '', assignee: s.assignee }} onReassign={onReassign} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
