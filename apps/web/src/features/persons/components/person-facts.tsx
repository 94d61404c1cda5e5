import { danishDate, danishDateTime } from '../../../components/format';
import { personStatusLabel } from '../../../components/status-labels';
import type { PersonView } from '../api/person';
import { personTexts, texts } from '../texts';
import type { Names } from './names';
import { CprField } from './reveal-cpr';

/** Status, CPR (masked, "Vis CPR"), tovholder, who nominated, the next review, the criteria and the §22 decision. */
export function PersonFacts({ person, names }: { person: PersonView; names: Names }) {
  const t = personTexts;
  const review = person.nextReviewDate as unknown as string | null;
  const info = person.informationDecision;
  return (
    <section aria-labelledby="facts-heading" className="person-section">
      <h2 id="facts-heading" className="sr-only">
        {t.facts}
      </h2>
      <dl className="fact-list person-facts">
        <dt>{t.statusLabel}</dt>
        <dd>
          <strong className="badge status-badge">{personStatusLabel(person.status)}</strong>
        </dd>
        {person.cpr ? (
          <>
            <dt>{t.cpr}</dt>
            <dd className="person-cpr-row">
              <CprField personId={person.id} masked={person.cpr} />
            </dd>
          </>
        ) : null}
        <dt>{t.leadAuthority}</dt>
        <dd>
          {person.leadAuthorityId ? names.authority(person.leadAuthorityId) : t.noLeadAuthority}
          {person.leadAuthorityReason ? <span className="person-subtext preserve-lines">{person.leadAuthorityReason}</span> : null}
        </dd>
        <dt>{t.nominatedBy}</dt>
        <dd>{`${names.authority(person.nominatingAuthorityId)}, ${danishDate(person.nominatedAt)}`}</dd>
        <dt>{t.nextReview}</dt>
        <dd>{review ? t.nextReviewText(danishDate(review)) : t.noReview}</dd>
        <dt>{t.information}</dt>
        <dd>
          {info ? (
            <>
              {t.informationDecision[info.decision] ?? info.decision}
              <span className="person-reason">{info.reason}</span>
              <span className="person-subtext">{t.informationBy(danishDateTime(info.decidedAt), names.user(info.decidedByUserId))}</span>
            </>
          ) : (
            t.noInformationDecision
          )}
        </dd>
      </dl>
      {person.criteria ? (
        <>
          <h2>{t.criteria}</h2>
          <dl className="fact-list person-facts">
            <dt>{t.challenges}</dt>
            <dd>{person.criteria.challenges.map((c) => texts.challengeLabels[c]).join(', ')}</dd>
            <dt>{t.contact}</dt>
            <dd>{person.criteria.frequentContactWith.map((c) => texts.contactLabels[c]).join(', ')}</dd>
            <dt>{t.reason}</dt>
            <dd className="preserve-lines">{person.criteria.reason}</dd>
            {person.notes ? (
              <>
                <dt>{t.notes}</dt>
                <dd className="preserve-lines">{person.notes}</dd>
              </>
            ) : null}
          </dl>
        </>
      ) : null}
    </section>
  );
}

/** What happened to the person, oldest first: nominated, every decision with its reason, anonymised. */
export function PersonHistory({ person, names }: { person: PersonView; names: Names }) {
  const t = personTexts.history;
  const entries = [
    { at: person.nominatedAt, what: t.nominated(names.authority(person.nominatingAuthorityId)), reason: null as string | null, by: null as string | null },
    ...person.decisions.map((d) => ({ at: d.at, what: t.decision[d.decision] ?? d.decision, reason: d.reason, by: d.byUserId ? t.by(names.user(d.byUserId)) : t.bySystem })),
    ...(person.anonymisedAt ? [{ at: person.anonymisedAt, what: t.anonymised, reason: null, by: t.bySystem }] : []),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <section aria-labelledby="history-heading" className="person-section">
      <h2 id="history-heading">{t.heading}</h2>
      <ol className="history-list">
        {entries.map((e, i) => (
          <li key={`${e.at}-${i}`}>
            <span className="history-list__when">{danishDateTime(e.at)}</span>
            <span className="history-list__what">
              <strong>{e.what}</strong>
              {e.by ? ` ${e.by}` : null}
              {e.reason ? <span className="person-reason">{e.reason}</span> : null}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
