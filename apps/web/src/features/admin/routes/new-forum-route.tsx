import { ApiError, fieldProblems } from '../../../api/errors';
import { CheckboxGroup, TextField } from '../../../components/form-fields';
import { Loading } from '../../../components/loading';
import { BackLink } from '../../../components/back-link';
import { Page } from '../../../components/page';
import { useAuthorities, useCreateForum } from '../api/admin';
import { AdminForbidden, LoadError, refusal } from '../components/admin-parts';
import { CreateForm, useCreateForm } from '../components/create-form';
import { texts } from '../texts';
import '../admin.css';

type Field = 'name' | 'code';
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
  const authorities = useAuthorities();
  const create = useCreateForum();
  const { draft, update, problems, form } = useCreateForm({
    draftKey: 'admin:new-forum',
    initial: { name: '', code: '', authorityIds: [] as string[] },
    fieldIds: { name: 'forum-name', code: 'forum-code' },
    check: problemsOf,
    serverCheck: serverProblems,
    create,
    body: (d) => ({ name: d.name.trim(), code: d.code.trim(), authorityIds: d.authorityIds }),
    created: (forum) => ({ to: `/admin/fora/${forum.id}`, name: forum.name }),
  });

  const denied = refusal(authorities.error, create.error);
  if (denied) return <AdminForbidden error={denied} />;

  return (
    <Page title={t.title} before={<BackLink to="/admin/fora">{t.back}</BackLink>}>
      {authorities.isPending ? <Loading /> : null}
      {authorities.isError ? <LoadError error={authorities.error} onRetry={() => void authorities.refetch()} /> : null}
      {authorities.isSuccess ? (
        <CreateForm form={form} failed={t.failed} submit={t.submit}>
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
        </CreateForm>
      ) : null}
    </Page>
  );
}
