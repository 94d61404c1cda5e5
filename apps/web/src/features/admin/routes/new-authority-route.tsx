import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useDraft } from '../../../components/drafts';
import { ErrorAlert } from '../../../components/error-alert';
import { ErrorSummary, RadioGroup, TextField } from '../../../components/form-fields';
import { Page } from '../../../components/page';
import { useCreateAuthority, type AdminAuthorityKind } from '../api/admin';
import { AdminForbidden, BackLink, refusal } from '../components/admin-parts';
import { authorityProblems, kindOptions, serverAuthorityProblems, type AuthorityField, type AuthorityProblems } from '../components/authority-checks';
import { texts } from '../texts';
import '../admin.css';

const FIELDS: AuthorityField[] = ['name', 'kind', 'code'];
const FIELD_IDS: Record<AuthorityField, string> = { code: 'code', name: 'name', kind: 'kind' };

/** /admin/myndigheder/ny: a new authority (typed text kept as a draft until it is saved). */
export function NewAuthorityRoute() {
  const t = texts.newAuthority;
  const navigate = useNavigate();
  const create = useCreateAuthority();
  const [draft, update, clear] = useDraft<{ code: string; name: string; kind: AdminAuthorityKind | '' }>('admin:new-authority', { code: '', name: '', kind: '' });
  const [shown, setShown] = useState<AuthorityProblems>({});
  const [attempt, setAttempt] = useState(0);
  const failure = useRef<HTMLDivElement>(null);
  const server = serverAuthorityProblems(create.error);
  const problems: AuthorityProblems = Object.fromEntries(FIELDS.map((f) => [f, shown[f] ?? server[f]]));
  const summary = FIELDS.filter((f) => problems[f]).map((f) => ({ fieldId: FIELD_IDS[f], text: problems[f] as string }));
  const unexplained = create.isError && !Object.values(server).some(Boolean);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = authorityProblems(draft);
    setShown(found);
    setAttempt((n) => n + 1);
    if (FIELDS.some((f) => found[f]) || !draft.kind) return;
    create.mutate(
      { code: draft.code.trim(), name: draft.name.trim(), kind: draft.kind },
      {
        onSuccess: (authority) => {
          clear();
          navigate(`/admin/myndigheder/${authority.id}`, { state: { created: authority.name } });
        },
        onError: (error) => {
          if (Object.values(serverAuthorityProblems(error)).some(Boolean)) setAttempt((n) => n + 1);
          else window.setTimeout(() => failure.current?.focus(), 0);
        },
      },
    );
  };

  const denied = refusal(create.error);
  if (denied) return <AdminForbidden error={denied} />;

  return (
    <Page title={t.title} before={<BackLink to="/admin/myndigheder">{t.back}</BackLink>}>
      <form onSubmit={onSubmit} noValidate className="admin-form">
        <ErrorSummary errors={summary} focusKey={attempt} />
        <div ref={failure} tabIndex={-1}>
          {unexplained ? <ErrorAlert error={create.error} heading={t.failed} typed /> : null}
        </div>
        <TextField id="name" label={t.name} hint={t.nameHint} error={problems.name} value={draft.name} onChange={(name) => update({ name })} className="input-width-xl" />
        <RadioGroup id="kind" legend={t.kind} error={problems.kind} value={draft.kind} onChange={(kind) => update({ kind })} options={kindOptions} />
        <TextField id="code" label={t.code} hint={t.codeHint} error={problems.code} value={draft.code} onChange={(code) => update({ code })} className="input-width-l" />
        <button type="submit" className="button button-primary admin-submit" disabled={create.isPending}>
          {create.isPending ? texts.saving : t.submit}
        </button>
      </form>
    </Page>
  );
}
