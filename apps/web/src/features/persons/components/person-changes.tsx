import { useDecision, useInformationDecision, useLeadAuthority, type Decision, type InformationDecision, type PersonView } from '../api/person';
import { personTexts } from '../texts';
import type { Names } from './names';
import { ReasonedChange } from './reasoned-change';

/** The decisions the register allows from each status (libs/domain's state machine). */
const ALLOWED: Partial<Record<PersonView['status'], Decision[]>> = { NOMINATED: ['ACCEPT', 'REJECT'], ACTIVE: ['CLOSE'], CLOSED: ['REOPEN'] };
const INFORMATION: InformationDecision[] = ['INFORMED', 'EXEMPTED_DBL_22'];
/** The person's tovholder and §22 decision can change while they are nominated or active. */
const OPEN = new Set(['NOMINATED', 'ACTIVE']);

/** What a coordinator can change between meetings, each with a reason: the tovholder, the §22 decision, and a decision on the person. */
export function PersonChanges({ person, names }: { person: PersonView; names: Names }) {
  const t = personTexts;
  const decide = useDecision(person.id);
  const lead = useLeadAuthority(person.id);
  const inform = useInformationDecision(person.id);
  const open = OPEN.has(person.status);
  return (
    <>
      {open && names.authorities.length > 0 ? (
        <ReasonedChange id="lead" draftKey={`person:${person.id}:lead`} texts={t.lead} as="select" minReason={3} change={lead} options={names.authorities.map((a) => ({ value: a.id, label: a.name }))} />
      ) : null}
      {open ? (
        <ReasonedChange
          id="inform"
          draftKey={`person:${person.id}:inform`}
          texts={t.inform}
          minReason={10}
          change={inform}
          options={INFORMATION.map((d) => ({ value: d, label: t.inform.options[d] ?? d }))}
        />
      ) : null}
      <ReasonedChange
        id="decision"
        draftKey={`person:${person.id}:decision`}
        texts={t.decide}
        minReason={3}
        change={decide}
        options={(ALLOWED[person.status] ?? []).map((d) => ({ value: d, label: t.decide.options[d] ?? d, hint: t.decide.hints[d] }))}
      />
    </>
  );
}
