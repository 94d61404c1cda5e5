import { useParams } from 'react-router';
import { ErrorAlert } from '../../../components/error-alert';
import { BackLink } from '../../../components/back-link';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { personName } from '../../../components/status-labels';
import { useForumStaff, usePerson, usePlan } from '../api/person';
import { namesFrom } from '../components/names';
import { PersonChanges } from '../components/person-changes';
import { PersonFacts, PersonHistory } from '../components/person-facts';
import { PlanSection } from '../components/plan-section';
import { personTexts as t } from '../texts';
import '../persons.css';

/**
 * /personer/:id: a fokusperson for the coordinators of their forum — the facts (CPR masked, shown
 * in full only for a logged justification), the helhedsplan with its steps per authority, the
 * history of decisions, and a decision between meetings.
 */
export function PersonRoute() {
  const { personId = '' } = useParams();
  const person = usePerson(personId);
  const plan = usePlan(personId);
  const staff = useForumStaff(person.data?.forumId);

  if (person.isPending) {
    return (
      <Page title={t.title}>
        <Loading />
      </Page>
    );
  }
  if (person.isError) {
    return (
      <Page title={t.title}>
        <ErrorAlert error={person.error} heading={t.loadFailed} onRetry={() => void person.refetch()} />
      </Page>
    );
  }
  const p = person.data;
  const names = namesFrom(staff.data);
  return (
    <Page title={t.title} heading={personName(p.name)} before={p.forumId ? <BackLink to={`/fora/${p.forumId}`}>{t.back}</BackLink> : null}>
      {p.status === 'ANONYMISED' ? <p className="empty-state">{t.anonymised}</p> : null}
      <PersonFacts person={p} names={names} />
      {plan.isPending ? <Loading /> : null}
      {plan.isError ? <ErrorAlert error={plan.error} heading={t.planFailed} onRetry={() => void plan.refetch()} /> : null}
      {plan.data ? <PlanSection plan={plan.data} names={names} nominated={p.status === 'NOMINATED'} /> : null}
      <PersonHistory person={p} names={names} />
      <PersonChanges person={p} names={names} />
    </Page>
  );
}
