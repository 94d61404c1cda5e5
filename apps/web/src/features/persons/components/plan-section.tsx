import { Link } from 'react-router';
import { DueStatus } from '../../../components/due-status';
import { danishDate, danishDateTime } from '../../../components/format';
import { stepStatusLabel } from '../../../components/status-labels';
import type { PlanStep, PlanView } from '../api/person';
import { personTexts } from '../texts';
import type { Names } from './names';

const OPEN = new Set(['ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS']);

/** The steps per owner authority (by name), overdue first within each, then by due date. */
function byAuthority(steps: PlanStep[], names: Names): [string, PlanStep[]][] {
  const groups = new Map<string, PlanStep[]>();
  for (const s of steps) groups.set(s.ownerAuthorityId, [...(groups.get(s.ownerAuthorityId) ?? []), s]);
  const order = (a: PlanStep, b: PlanStep) => Number(b.overdue) - Number(a.overdue) || a.dueDate.localeCompare(b.dueDate);
  return [...groups.entries()].map(([id, list]) => [names.authority(id), list.sort(order)] as [string, PlanStep[]]).sort(([a], [b]) => a.localeCompare(b, 'da'));
}

function StepTable({ authority, steps, names, index }: { authority: string; steps: PlanStep[]; names: Names; index: number }) {
  const c = personTexts.plan.columns;
  return (
    <section aria-labelledby={`steps-${index}`} className="person-steps">
      <h4 id={`steps-${index}`} className="h5">
        {authority}
      </h4>
      <table className="table table--compact table-md-responsive-headers person-step-table">
        <caption className="sr-only">{personTexts.plan.stepsCaption(authority)}</caption>
        <thead>
          <tr>
            <th scope="col">{c.step}</th>
            <th scope="col">{c.assignee}</th>
            <th scope="col">{c.due}</th>
            <th scope="col">{c.status}</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s) => (
            <tr key={s.id} className={s.overdue ? 'person-step--overdue' : undefined}>
              <td data-title={c.step}>
                <Link to={`/opgaver/${s.id}`} className="preserve-lines">
                  {s.description ?? personTexts.plan.anonymisedStep}
                </Link>
              </td>
              <td data-title={c.assignee}>{names.user(s.assigneeUserId)}</td>
              <td data-title={c.due}>
                {danishDate(s.dueDate)}
                <DueStatus dueDate={s.dueDate} overdue={s.overdue} open={OPEN.has(s.status)} />
              </td>
              <td data-title={c.status}>
                <strong className="badge status-badge">{stepStatusLabel(s.status)}</strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The helhedsplan: its goals, its steps per authority (overdue marked) and its versions. */
export function PlanSection({ plan, names, nominated }: { plan: PlanView; names: Names; nominated: boolean }) {
  const t = personTexts.plan;
  return (
    <section aria-labelledby="plan-heading" className="person-section">
      <h2 id="plan-heading">
        {t.heading}
        {plan.version > 0 ? <span className="person-plan-version">{` – ${t.version(plan.version)}`}</span> : null}
      </h2>
      {plan.version === 0 && plan.steps.length === 0 ? (
        <p className="empty-state">{nominated ? t.none : t.noneActive}</p>
      ) : (
        <PlanBody plan={plan} names={names} />
      )}
    </section>
  );
}

function PlanBody({ plan, names }: { plan: PlanView; names: Names }) {
  const t = personTexts.plan;
  const versions = [...plan.versions].sort((a, b) => b.version - a.version);
  return (
    <>
      <h3>{t.goals}</h3>
      {plan.goals.length === 0 ? (
        <p>{t.noGoals}</p>
      ) : (
        <ul>
          {plan.goals.map((g, i) => (
            <li key={i} className="preserve-lines">
              {g}
            </li>
          ))}
        </ul>
      )}
      <h3>{t.steps}</h3>
      {plan.steps.length === 0 ? <p>{t.noSteps}</p> : byAuthority(plan.steps, names).map(([authority, steps], i) => <StepTable key={authority} authority={authority} steps={steps} names={names} index={i} />)}
      {versions.length > 0 ? (
        <>
          <h3>{t.versions}</h3>
          <ol className="history-list" reversed>
            {versions.map((v) => (
              <li key={v.version}>
                <span className="history-list__when">{t.versionLine(v.version, danishDateTime(v.createdAt), names.user(v.createdByUserId))}</span>
                <span className="history-list__what">
                  {v.change ? <span className="preserve-lines">{v.change}</span> : null}
                  {v.meetingId ? (
                    <>
                      {v.change ? ' ' : null}
                      <Link to={`/moeder/${v.meetingId}`}>{t.atMeeting}</Link>
                    </>
                  ) : null}
                </span>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </>
  );
}
