import { Link } from 'react-router';
import type { TaskView } from '../../../api/types';
import { DueStatus } from '../../../components/due-status';
import { danishDate } from '../../../components/format';
import { blockReasonLabel, personName, stepStatusLabel } from '../../../components/status-labels';
import { texts } from '../texts';

const SHORT = 160;

export function shortDescription(description: string | null): string {
  const text = description ?? texts.step.title;
  return text.length > SHORT ? `${text.slice(0, SHORT - 1).trimEnd()}…` : text;
}

/** One group of tasks as a table; below 992 px wide each row becomes a card with its labels. */
export function TaskTable({ tasks, caption }: { tasks: TaskView[]; caption: string }) {
  const c = texts.list.columns;
  return (
    <table className="table table--compact table-md-responsive-headers task-table">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{c.task}</th>
          <th scope="col">{c.person}</th>
          <th scope="col">{c.due}</th>
          <th scope="col">{c.status}</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((task) => (
          <tr key={task.stepId}>
            <td data-title={c.task} className="task-table__task">
              <Link to={`/opgaver/${task.stepId}`}>{shortDescription(task.description)}</Link>
            </td>
            <td data-title={c.person}>{personName(task.fokusperson.name)}</td>
            <td data-title={c.due}>
              <span className="task-table__date">{danishDate(task.dueDate)}</span>
              <DueStatus dueDate={task.dueDate} daysOverdue={task.daysOverdue} overdue={task.overdue} open={task.status !== 'BLOCKED'} />
            </td>
            <td data-title={c.status}>
              {stepStatusLabel(task.status)}
              {task.status === 'BLOCKED' && task.blockReason ? <span className="task-table__reason">{blockReasonLabel(task.blockReason)}</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
