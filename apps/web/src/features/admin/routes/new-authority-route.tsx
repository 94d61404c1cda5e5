import { RadioGroup, TextField } from '../../../components/form-fields';
import { BackLink } from '../../../components/back-link';
import { Page } from '../../../components/page';
import { useCreateAuthority, type AdminAuthorityKind } from '../api/admin';
import { AdminForbidden, refusal } from '../components/admin-parts';
import { authorityProblems, kindOptions, serverAuthorityProblems, type AuthorityField } from '../components/authority-checks';
import { CreateForm, useCreateForm } from '../components/create-form';
import { texts } from '../texts';
import '../admin.css';

const FIELD_IDS: Record<AuthorityField, string> = { name: 'name', kind: 'kind', code: 'code' };

/** /admin/myndigheder/ny: a new authority (typed text kept as a draft until it is saved). */
export function NewAuthorityRoute() {
  const t = texts.newAuthority;
  const create = useCreateAuthority();
  const { draft, update, problems, form } = useCreateForm({
    draftKey: 'admin:new-authority',
    initial: { code: '', name: '', kind: '' as AdminAuthorityKind | '' },
    fieldIds: FIELD_IDS,
    check: authorityProblems,
    serverCheck: serverAuthorityProblems,
    create,
    body: (d) => (d.kind ? { code: d.code.trim(), name: d.name.trim(), kind: d.kind } : null),
    created: (authority) => ({ to: `/admin/myndigheder/${authority.id}`, name: authority.name }),
  });

  const denied = refusal(create.error);
  if (denied) return <AdminForbidden error={denied} />;

  return (
    <Page title={t.title} before={<BackLink to="/admin/myndigheder">{t.back}</BackLink>}>
      <CreateForm form={form} failed={t.failed} submit={t.submit}>
        <TextField id="name" label={t.name} hint={t.nameHint} error={problems.name} value={draft.name} onChange={(name) => update({ name })} className="input-width-xl" />
        <RadioGroup id="kind" legend={t.kind} error={problems.kind} value={draft.kind} onChange={(kind) => update({ kind })} options={kindOptions} />
        <TextField id="code" label={t.code} hint={t.codeHint} error={problems.code} value={draft.code} onChange={(code) => update({ code })} className="input-width-l" />
      </CreateForm>
    </Page>
  );
}
