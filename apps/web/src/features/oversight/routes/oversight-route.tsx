import { useRef, useState } from 'react';
import { Alert } from '../../../components/alert';
import { ErrorAlert } from '../../../components/error-alert';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { useBlocked, useOverdue, useTrend } from '../api/oversight';
import { BlockedTable, CaseworkerGroup } from '../components/oversight-tables';
import { ReassignDialog, type ReassignTarget } from '../components/reassign-dialog';
import { TrendChart } from '../components/trend-chart';
import { texts } from '../texts';

/** /overblik: the supervisor's authority: overdue steps by caseworker, blocked steps, the 12-week trend. */
export function OversightRoute() {
  const overdue = useOverdue();
  const blocked = useBlocked();
  const trend = useTrend();
  const [target, setTarget] = useState<ReassignTarget | null>(null);
  const [done, setDone] = useState('');
  const doneRef = useRef<HTMLDivElement>(null);

  return (
    <Page title={texts.title}>
      <p>{texts.intro}</p>
      <nav aria-label={texts.nav} className="page-nav">
        <ul className="nobullet-list">
          <li>
            <a href="#overdue-heading">{texts.overdue.heading}</a>
          </li>
          <li>
            <a href="#blocked-heading">{texts.blocked.heading}</a>
          </li>
          <li>
            <a href="#trend-heading">{texts.trend.heading}</a>
          </li>
        </ul>
      </nav>
      <div role="status" ref={doneRef} tabIndex={-1}>
        {done ? <Alert variant="success">{done}</Alert> : null}
      </div>

      <section aria-labelledby="overdue-heading" className="oversight-section">
        <h2 id="overdue-heading" tabIndex={-1}>
          {texts.overdue.heading}
        </h2>
        {overdue.isPending ? <Loading /> : null}
        {overdue.isError ? <ErrorAlert error={overdue.error} heading={texts.overdue.loadFailed} onRetry={() => void overdue.refetch()} headingLevel={3} /> : null}
        {overdue.isSuccess && overdue.data.length === 0 ? <p className="empty-state">{texts.overdue.empty}</p> : null}
        {overdue.data?.map((group) => <CaseworkerGroup key={group.assignee.id} group={group} onReassign={setTarget} />)}
      </section>

      <section aria-labelledby="blocked-heading" className="oversight-section">
        <h2 id="blocked-heading" tabIndex={-1}>
          {texts.blocked.heading}
        </h2>
        {blocked.isPending ? <Loading /> : null}
        {blocked.isError ? <ErrorAlert error={blocked.error} heading={texts.blocked.loadFailed} onRetry={() => void blocked.refetch()} headingLevel={3} /> : null}
        {blocked.isSuccess && blocked.data.length === 0 ? <p className="empty-state">{texts.blocked.empty}</p> : null}
        {blocked.isSuccess && blocked.data.length > 0 ? <BlockedTable steps={blocked.data} onReassign={setTarget} /> : null}
      </section>

      <section aria-labelledby="trend-heading" className="oversight-section">
        <h2 id="trend-heading" tabIndex={-1}>
          {texts.trend.heading}
        </h2>
        <p>{texts.trend.intro}</p>
        {trend.isPending ? <Loading /> : null}
        {trend.isError ? <ErrorAlert error={trend.error} heading={texts.trend.loadFailed} onRetry={() => void trend.refetch()} headingLevel={3} /> : null}
        {trend.isSuccess ? <TrendChart weeks={trend.data} /> : null}
      </section>

      {target ? (
        <ReassignDialog
          target={target}
          onClose={() => setTarget(null)}
          onDone={(name) => {
            setTarget(null);
            setDone(texts.reassign.done(name));
            // The row has moved to its new caseworker: keep focus on the outcome.
            window.setTimeout(() => doneRef.current?.focus(), 0);
          }}
        />
      ) : null}
    </Page>
  );
}
