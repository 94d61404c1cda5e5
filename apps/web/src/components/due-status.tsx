import { Icon } from './icon';
import { daysPastDue } from './format';
import { texts } from './texts';

/** Days within which a step counts as due soon. */
export const SOON_DAYS = 5;

export type Urgency = 'overdue' | 'soon' | 'later';

export function urgencyOf(daysOverdue: number, overdue: boolean): Urgency {
  if (overdue && daysOverdue > 0) return 'overdue';
  if (daysOverdue <= 0 && daysOverdue >= -SOON_DAYS) return 'soon';
  return 'later';
}

export function dueText(daysOverdue: number): string {
  if (daysOverdue > 0) return texts.due.overdue(daysOverdue);
  if (daysOverdue === 0) return texts.due.today;
  if (daysOverdue === -1) return texts.due.tomorrow;
  return texts.due.inDays(-daysOverdue);
}

/**
 * How the deadline stands, in words and colour together (never colour alone): "3 dage over
 * fristen" in a red badge with an error icon, "Frist om 2 dage" in a yellow one. Closed and
 * blocked steps show nothing here (they are not overdue, whatever their date).
 */
export function DueStatus({ dueDate, daysOverdue, overdue, open = true }: { dueDate: string; daysOverdue?: number; overdue: boolean; open?: boolean }) {
  if (!open) return null;
  const days = daysOverdue ?? daysPastDue(dueDate);
  const urgency = urgencyOf(days, overdue);
  if (urgency === 'later') return <span className="due-later">{dueText(days)}</span>;
  return (
    <strong className={`badge badge-${urgency === 'overdue' ? 'error' : 'warning'} due-badge`}>
      <Icon name={urgency === 'overdue' ? 'error' : 'hourglass'} />
      {dueText(days)}
    </strong>
  );
}
