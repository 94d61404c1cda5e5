import type { TaskView } from '../../../api/types';
import { urgencyOf } from '../../../components/due-status';
import { daysPastDue } from '../../../components/format';

export type TaskGroup = 'overdue' | 'soon' | 'blocked' | 'later';
export const GROUP_ORDER: readonly TaskGroup[] = ['overdue', 'soon', 'blocked', 'later'];

const days = (t: TaskView) => t.daysOverdue ?? daysPastDue(t.dueDate);

export function groupOf(task: TaskView): TaskGroup {
  if (task.status === 'BLOCKED') return 'blocked';
  const urgency = urgencyOf(days(task), task.overdue);
  return urgency === 'overdue' ? 'overdue' : urgency === 'soon' ? 'soon' : 'later';
}

/**
 * What to do first: overdue (most days over first), then due within 5 days, then blocked, then the
 * rest, each by due date.
 */
export function groupTasks(tasks: TaskView[]): Record<TaskGroup, TaskView[]> {
  const groups: Record<TaskGroup, TaskView[]> = { overdue: [], soon: [], blocked: [], later: [] };
  for (const task of tasks) groups[groupOf(task)].push(task);
  groups.overdue.sort((a, b) => days(b) - days(a) || a.dueDate.localeCompare(b.dueDate));
  for (const g of ['soon', 'blocked', 'later'] as const) groups[g].sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  return groups;
}
