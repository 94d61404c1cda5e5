import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AuthorityKind, Challenge } from '../../../api/types';
import { ApiError, fieldProblems } from '../../../api/errors';
import { Alert } from '../../../components/alert';
import { useDraft } from '../../../components/drafts';
import { ErrorAlert } from '../../../components/error-alert';
import { CheckboxGroup, ErrorSummary, SelectField, TextAreaField, TextField } from '../../../components/form-fields';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { useNominate, useNominationFora } from '../api/nominate';
import { cprProblem } from '../components/cpr';
import { texts } from '../texts';

const DRAFT_KEY = 'nominate';
const CHALLENGES: Challenge[] = ['PSYCHIATRIC_DIAGNOSIS', 'SUBSTANCE_ABUSE', 'OTHER_CHALLENGE'];
const CONTACTS: AuthorityKind[] = ['POLICE', 'MUNICIPALITY', 'PSYCHIATRY'];

type Field = 'forumId' | 'cpr' | 'name' | 'challenges' | 'contact' | 'reason';
/** The order problems are listed in: the order of the fields on the page. */
const FIELDS: Field[] = ['forumId', 'cpr', 'name', 'challenges', 'contact', 'reason'];
const FIELD_IDS: Record<Field, string> = {
  forumId: 'forum',
  cpr: 'cpr',
  name: 'name',
  challenges: 'challenges',
  contact: 'contact',
  reason: 'reason',
};
/** The api's names for the fields, as its 400 messages begin. */
const API_FIELDS: Record<Field, readonly string[]> = {
  forumId: ['forumId'],
  cpr: ['cpr', 'CPR number'],
  name: ['name'],
  challenges: ['criteria.challenges', 'of criteria.challenges'],
  contact: ['criteria.frequentContactWith', 'of criteria.frequentContactWith'],
  reason: ['criteria.reason'],
};

interface Draft {
  forumId: string;
  name: string;
  challenges: Challenge[];
  contact: AuthorityKind[];
  reason: string;
}
const EMPTY: Draft = { forumId: '', name: '', challenges: [], contact: [], reason: '' };

function cprText(problem: ReturnType<typeof cprProblem>): string | undefined {
  const e = texts.errors;
  return problem === 'missing' ? e.cprMissing : problem === 'shape' ? e.cprShape : problem === 'date' ? e.cprDate : problem === 'future' ? e.cprFuture : undefined;
}

/** The checks NominateDto makes, in Danish. */
function validate(draft: Draft, cpr: string): Partial<Record<Field, string>> {
  const e = texts.errors;
  const reason = draft.reason.trim().length;
  const name = draft.name.trim().length;
  return {
    forumId: draft.forumId ? undefined : e.forum,
    cpr: cprText(cprProblem(cpr)),
    name: name < 2 || name > 200 ? e.name : undefined,
    challenges: draft.challenges.length === 0 ? e.challenges : undefined,
    contact: draft.contact.length === 0 ? e.contact : undefined,
    reason: reason < 10 ? e.reasonShort : reason > 2000 ? e.reasonLong : undefined,
  };
}

/** The api's 400 and 422 messages at their fields, in Danish. */
function serverProblems(error: unknown, draft: Draft): Partial<Record<Field, string>> {
  if (!(error instanceof ApiError) || !error.invalidInput) return {};
  const { fields } = fieldProblems(error, API_FIELDS);
  const e = texts.errors;
  const cpr = fields.cpr;
  return {
    forumId: fields.forumId && e.forum,
    cpr: cpr && (/future/i.test(cpr) ? e.cprFuture : /impossible|date/i.test(cpr) ? e.cprDate : e.cprShape),
    name: fields.name && e.name,
    challenges: fields.challenges && e.challenges,
    contact: fields.contact && e.contact,
    reason: fields.reason && (draft.reason.trim().length > 2000 ? e.reasonLong : e.reasonShort),
  };
}

/** /indstil: nominate a citizen to a forum. The CPR number is kept only in memory, never in the draft. */
export function NominateRoute() {
  const fora = useNominationFora();
  const nominate = useNominate();
  const [draft, update, clearDraft] = useDraft<Draft>(DRAFT_KEY, EMPTY);
  const [cpr, setCpr] = useState('');
  const [shown, setShown] = useState<Partial<Record<Field, string>>>({});
  const [attempt, setAttempt] = useState(0);
  const [sent, setSent] = useState<{ name: string; forum: string } | null>(null);
  const failure = useRef<HTMLDivElement>(null);

  // One forum: nothing to choose.
  useEffect(() => {
    if (fora.data?.length === 1 && !draft.forumId) update({ forumId: fora.data[0]!.id });
  }, [fora.data, draft.forumId, update]);

  const server = serverProblems(nominate.error, draft);
  const problems: Partial<Record<Field, string>> = Object.fromEntries(FIELDS.map((f) => [f, shown[f] ?? server[f]]));
  const summary = FIELDS.filter((f) => problems[f]).map((f) => ({ fieldId: FIELD_IDS[f], text: problems[f] as string }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = validate(draft, cpr);
    setShown(found);
    setAttempt((n) => n + 1);
    if (FIELDS.some((f) => found[f])) return;
    const forum = fora.data?.find((f) => f.id === draft.forumId)?.name ?? '';
    nominate.mutate(
      {
        forumId: draft.forumId,
        cpr: cpr.trim(),
        name: draft.name.trim(),
        criteria: { challenges: draft.challenges, frequentContactWith: draft.contact, reason: draft.reason.trim() },
      },
      {
        onSuccess: () => {
          clearDraft();
          setCpr('');
          setShown({});
          setSent({ name: draft.name.trim(), forum });
        },
        onError: (error) => {
          // Problems the api found at fields are listed in the summary (focused); others in an alert.
          if (Object.values(serverProblems(error, draft)).some(Boolean)) setAttempt((n) => n + 1);
          else window.setTimeout(() => failure.current?.focus(), 0);
        },
      },
    );
  };

  if (sent) {
    return (
      <Page title={texts.done.heading} focusKey="sent">
        <Alert variant="success">
          <p>{texts.done.summary(sent.name, sent.forum)}</p>
        </Alert>
        <h2>{texts.done.next}</h2>
        <ol>
          {texts.done.steps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            nominate.reset();
            setSent(null);
          }}
        >
          {texts.done.another}
        </button>
      </Page>
    );
  }

  const unexplained = nominate.isError && !(nominate.error instanceof ApiError && nominate.error.invalidInput && Object.values(server).some(Boolean));

  return (
    <Page title={texts.title} focusKey="form">
      <p>{texts.intro}</p>
      <p className="form-hint">{texts.legal}</p>
      {fora.isPending ? <Loading /> : null}
      {fora.isError ? <ErrorAlert error={fora.error} heading={texts.errors.loadFora} onRetry={() => void fora.refetch()} /> : null}
      {fora.isSuccess && fora.data.length === 0 ? <Alert variant="info">{texts.noFora}</Alert> : null}
      {fora.isSuccess && fora.data.length > 0 ? (
        <form onSubmit={onSubmit} noValidate className="nominate-form">
          <ErrorSummary errors={summary} focusKey={attempt} />
          <div ref={failure} tabIndex={-1}>
            {unexplained ? <ErrorAlert error={nominate.error} heading={texts.errors.failed} conflict={texts.errors.conflict} typed /> : null}
          </div>
          <SelectField
            id="forum"
            label={texts.forum}
            hint={texts.forumHint}
            error={problems.forumId}
            value={draft.forumId}
            onChange={(forumId) => update({ forumId })}
            placeholder={texts.forumPlaceholder}
            options={fora.data.map((f) => ({ value: f.id, label: f.name }))}
          />
          <TextField id="cpr" label={texts.cpr} hint={texts.cprHint} error={problems.cpr} value={cpr} onChange={setCpr} className="input-width-s" />
          <TextField id="name" label={texts.name} hint={texts.nameHint} error={problems.name} value={draft.name} onChange={(name) => update({ name })} autoComplete="off" />
          <CheckboxGroup
            id="challenges"
            legend={texts.challenges}
            hint={texts.challengesHint}
            error={problems.challenges}
            value={draft.challenges}
            onChange={(challenges) => update({ challenges })}
            options={CHALLENGES.map((c) => ({ value: c, label: texts.challengeLabels[c] }))}
          />
          <CheckboxGroup
            id="contact"
            legend={texts.contact}
            hint={texts.contactHint}
            error={problems.contact}
            value={draft.contact}
            onChange={(contact) => update({ contact })}
            options={CONTACTS.map((c) => ({ value: c, label: texts.contactLabels[c] }))}
          />
          <TextAreaField id="reason" label={texts.reason} hint={texts.reasonHint} error={problems.reason} value={draft.reason} onChange={(reason) => update({ reason })} maxLength={2000} rows={6} />
          <button type="submit" className="button button-primary" disabled={nominate.isPending}>
            {nominate.isPending ? texts.sending : texts.submit}
          </button>
        </form>
      ) : null}
    </Page>
  );
}
