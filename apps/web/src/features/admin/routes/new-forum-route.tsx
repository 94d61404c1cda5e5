import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, fieldProblems } from '../../../api/errors';
import { useDraft } from '../../../components/drafts';
import { ErrorAlert } from '../../../components/error-alert';
import { CheckboxGroup, ErrorSummary, TextField } from '../../../components/form-fields';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { useAuthorities, useCreateForum } from '../api/admin';
import { AdminForbidden, BackLink, LoadError, refusal } from '../components/admin-parts';
import { texts } from '../texts';
import '../admin.css';

type Field = 'name' | 'code';
const FIELDS: Field[] = ['name', 'code'];
const CODE = /^[a-z0-9][a-z0-9-]{1,62}$/;

function problemsOf(draft: { name: string; code: string }): Partial<Record<Field, string>> {
  const e = texts.newForum.errors;
  const name = draft.name.trim().length;
  const code = draft.code.trim();
  return { name: name < 2 || name > 200 ? e.name : undefined, code: !code ? e.codeMissing : !CODE.test(code) ? e.code : undefined };
}

function serverProblems(error: unknown): Partial<Record<Field, string>> {
  if (!(error instanceof ApiError)) return {};
  const e = texts.newForum.errors;
  if (error.status === 409) return { code: e.codeTaken };
  if (!error.invalidInput) return {};
  const { fields } = fieldProblems(error, { name: ['name'], code: ['code'] });
  return { name: fields.name && e.name, code: fields.code && e.code };
}

/** /admin/fora/ny: a new PSP forum, with its member authorities (typed text kept as a draft until it is saved). */
export function NewForumRoute() {
  const t = texts.newForum;
  const navigate = useNavigate();
  const authorities = useAuthorities();
  const create = useCreateForum();
  const [draft, update, clear] = useDraft<{ name: string; code: string; authorityIds: string[] }>('admin:new-forum', { name: '', code: '', authorityIds: [] });
  const [shown, setShown] = useState<Partial<Record<Field, string>>>({});
  const [attempt, setAttempt] = useState(0);
  const failure = useRef<HTMLDivElement>(null);
  const server = serverProblems(create.error);
  const problems: Partial<Record<Field, string>> = { name: shown.name ?? server.name, code: shown.code ?? server.code };
  const summary = FIELDS.filter((f) => problems[f]).map((f) => ({ fieldId: `forum-${f}`, text: problems[f] as string }));
  const unexplained = create.isError && !server.name && !server.code;

  const denied = refusal(authorities.error, create.error);
  if (denied) return <AdminForbidden error={denied} />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = problemsOf(draft);
    setShown(found);
    setAttempt((n) => n + 1);
    if (found.name || found.code) return;
    create.mutate(
      { name: draft.name.trim(), code: draft.code.trim(), authorityIds: draft.authorityIds },
      {
        onSuccess: (forum) => {
          clear();
          navigate(`/admin/fora/${forum.id}`, { state: { created: forum.name } });
        },
        onError: (error) => {
          if (Object.values(serverProblems(error)).some(Boolean)) setAttempt((n) => n + 1);
          else window.setTimeout(() => failure.current?.focus(), 0);
        },
      },
    );
  };

  return (
    <Page title={t.title} before={<BackLink to="/admin/fora">{t.back}</BackLink>}>
      {authorities.isPending ? <Loading /> : null}
      {authorities.isError ? <LoadError error={authorities.error} onRetry={() => void authorities.refetch()} /> : null}
      {authorities.isSuccess ? (
        <form onSubmit={onSubmit} noValidate className="admin-form">
          <ErrorSummary errors={summary} focusKey={attempt} />
          <div ref={failure} tabIndex={-1}>
            {unexplained ? <ErrorAlert error={create.error} heading={t.failed} typed /> : null}
          </div>
          <TextField id="forum-name" label={t.name} hint={t.nameHint} error={problems.name} value={draft.name} onChange={(name) => update({ name })} className="input-width-xl" />
          <TextField id="forum-code" label={t.code} hint={t.codeHint} error={problems.code} value={draft.code} onChange={(code) => update({ code })} className="input-width-l" />
          <CheckboxGroup
            id="forum-authorities"
            legend={t.authorities}
            hint={t.authoritiesHint}
            value={draft.authorityIds}
            onChange={(authorityIds) => update({ authorityIds })}
            options={authorities.data.filter((a) => a.active).map((a) => ({ value: a.id, label: a.name }))}
          />
          <button type="submit" className="button button-primary admin-submit" disabled={create.isPending}>
            {create.isPending ? texts.saving : t.submit}
          </button>
        </form>
      ) : null}
    </Page>
  );
}
