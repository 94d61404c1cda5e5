import { useSearchParams } from 'react-router';
import type { StepStatus } from '../../../api/types';
import { ErrorAlert } from '../../../components/error-alert';
import { SelectField } from '../../../components/form-fields';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { stepStatusLabel } from '../../../components/status-labels';
import { useTasks } from '../api/tasks';
import { GROUP_ORDER, groupTasks } from '../components/task-groups';
import { TaskTable } from '../components/task-table';
import { texts } from '../texts';

function statusFrom(value: string | null): StepStatus | undefined {
  return texts.filterStatuses.find((s) => s === value);
}

/** /opgaver: the caller's open steps, the most pressing first, filterable by status. */
export function TasksRoute() {
  const [search, setSearch] = useSearchParams();
  const status = statusFrom(search.get('status'));
  const tasks = useTasks(status);
  const list = tasks.data ?? [];
  const groups = groupTasks(list);

  return (
    <Page title={texts.list.title}>
      <p>{texts.list.intro}</p>
      <div className="filter-bar">
        <SelectField
          id="status-filter"
          label={texts.list.filterLabel}
          hint={texts.list.filterHint}
          optional={false}
          value={status ?? ''}
          onChange={(value) => setSearch(value ? { status: value } : {}, { replace: true })}
          options={[{ value: '', label: texts.list.filterAll }, ...texts.filterStatuses.map((s) => ({ value: s, label: stepStatusLabel(s) }))]}
        />
      </div>
      <div role="status" className="sr-only">
        {tasks.isSuccess && !tasks.isFetching ? texts.list.showing(list.length) : ''}
      </div>
      {tasks.isPending ? <Loading /> : null}
      {tasks.isError ? <ErrorAlert error={tasks.error} heading={texts.list.loadFailed} onRetry={() => void tasks.refetch()} /> : null}
      {tasks.isSuccess && list.length === 0 ? (
        <p className="empty-state">{status ? texts.list.emptyFiltered(stepStatusLabel(status)) : texts.list.empty}</p>
      ) : null}
      {tasks.isSuccess
        ? GROUP_ORDER.filter((g) => groups[g].length > 0).map((g) => (
            <section key={g} className={`task-group task-group--${g}`} aria-labelledby={`group-${g}`}>
              <h2 id={`group-${g}`} className="h3">
                {texts.list.groups[g]} <span className="task-group__count">({groups[g].length})</span>
              </h2>
              <TaskTable tasks={groups[g]} caption={texts.list.groups[g]} />
            </section>
          ))
        : null}
    </Page>
  );
}
