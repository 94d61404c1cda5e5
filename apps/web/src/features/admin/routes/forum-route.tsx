import { useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { Alert } from '../../../components/alert';
import { ErrorAlert } from '../../../components/error-alert';
import { Loading } from '../../../components/loading';
import { BackLink } from '../../../components/back-link';
import { Page } from '../../../components/page';
import { authorityKindLabel } from '../../../components/status-labels';
import { useAuthorities, useFora, useForumAuthority, useForumMember, useUsers } from '../api/admin';
import { ActiveBadge, AdminForbidden, LoadError, Outcome, refusal } from '../components/admin-parts';
import { AddToForum } from '../components/add-to-forum';
import { ForumSettings } from '../components/forum-settings';
import { MembershipSection } from '../components/membership-section';
import { rolesText, texts } from '../texts';
import '../admin.css';

/**
 * /admin/fora/:forumId: a forum's member authorities and members, added and removed here. Its
 * meeting cadence belongs to its coordinators (the admin api does not show it): the page says so.
 */
export function ForumRoute() {
  const t = texts.forum;
  const { forumId = '' } = useParams();
  const fora = useFora();
  const authorities = useAuthorities();
  const users = useUsers();
  const authorityChange = useForumAuthority(forumId);
  const memberChange = useForumMember(forumId);
  const created = (useLocation().state as { created?: string } | null)?.created;
  const [done, setDone] = useState<string | null>(created ? texts.newForum.created(created) : null);
  const outcome = useRef<HTMLDivElement>(null);
  const back = <BackLink to="/admin/fora">{t.back}</BackLink>;

  const denied = refusal(fora.error, authorities.error, users.error);
  if (denied) return <AdminForbidden error={denied} />;
  if (fora.isPending || authorities.isPending || users.isPending) {
    return (
      <Page title={t.title} before={back}>
        <Loading />
      </Page>
    );
  }
  const forum = fora.data?.find((f) => f.id === forumId);
  const failed = fora.error ?? authorities.error ?? users.error;
  if (!forum || failed) {
    const retry = () => void Promise.all([fora.refetch(), authorities.refetch(), users.refetch()]);
    return (
      <Page title={t.title} before={back}>
        {failed ? <LoadError error={failed} onRetry={retry} /> : <Alert variant="warning">{t.notFound}</Alert>}
      </Page>
    );
  }

  const authorityName = new Map((authorities.data ?? []).map((a) => [a.id, a.name]));
  const memberAuthorities = (authorities.data ?? []).filter((a) => forum.authorityIds.includes(a.id));
  const otherAuthorities = (authorities.data ?? []).filter((a) => a.active && !forum.authorityIds.includes(a.id));
  const members = (users.data ?? []).filter((u) => forum.memberUserIds.includes(u.id)).sort((a, b) => a.displayName.localeCompare(b.displayName, 'da'));
  const candidates = (users.data ?? [])
    .filter((u) => u.active && forum.authorityIds.includes(u.authorityId) && !forum.memberUserIds.includes(u.id))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'da'));
  const coordinators = members.filter((m) => m.active && m.roles.includes('COORDINATOR'));

  const report = (text: string, after?: () => void) => ({
    onSuccess: () => {
      after?.();
      setDone(text);
    },
    onSettled: () => window.setTimeout(() => outcome.current?.focus(), 0),
  });
  const changeAuthority = (authorityId: string, add: boolean, after?: () => void) => {
    setDone(null);
    memberChange.reset();
    const name = authorityName.get(authorityId) ?? '';
    authorityChange.mutate({ authorityId, add }, report(add ? t.authorityAdded(name) : t.authorityRemoved(name), after));
  };
  const changeMember = (userId: string, add: boolean, after?: () => void) => {
    setDone(null);
    authorityChange.reset();
    const name = users.data?.find((u) => u.id === userId)?.displayName ?? '';
    memberChange.mutate({ userId, add }, report(add ? t.memberAdded(name) : t.memberRemoved(name), after));
  };
  const c = t.columns;
  // A member authority cannot leave while its staff are members: the refusal names them.
  const blocking = members.filter((m) => m.authorityId === authorityChange.variables?.authorityId).map((m) => m.displayName);

  return (
    <Page title={t.title} heading={forum.name} before={back}>
      <Outcome outcomeRef={outcome}>
        <div role="status">{done ? <Alert variant="success">{done}</Alert> : null}</div>
        {authorityChange.isError ? <ErrorAlert error={authorityChange.error} heading={t.changeFailed} conflict={t.authorityConflict(blocking.join(', '))} /> : null}
        {memberChange.isError ? <ErrorAlert error={memberChange.error} heading={t.changeFailed} conflict={t.memberConflict} /> : null}
      </Outcome>
      <dl className="fact-list fact-list--grid admin-facts">
        <dt>{t.code}</dt>
        <dd>
          <span className="admin-code">{forum.code}</span>
        </dd>
        <dt>{t.status}</dt>
        <dd>
          <ActiveBadge active={forum.active} />
        </dd>
      </dl>

      <MembershipSection
        id="authorities"
        heading={t.authorities}
        intro={t.authoritiesIntro}
        empty={t.noAuthorities}
        caption={t.authoritiesCaption}
        columns={[c.name]}
        rows={memberAuthorities}
        cells={(a) => (
          <td data-title={c.name}>
            <Link to={`/admin/myndigheder/${a.id}`}>{a.name}</Link>
            <span className="table-subtext">{authorityKindLabel(a.kind)}</span>
          </td>
        )}
        removeLabel={(a) => t.removeAuthority(a.name)}
        pending={authorityChange.isPending}
        onRemove={(a) => changeAuthority(a.id, false)}
      >
        <AddToForum
          id="add-authority"
          label={t.addAuthority}
          placeholder={t.authorityPlaceholder}
          button={t.addAuthorityButton}
          options={otherAuthorities.map((a) => ({ value: a.id, label: a.name }))}
          empty={t.noMoreAuthorities}
          pending={authorityChange.isPending}
          onAdd={(id, after) => changeAuthority(id, true, after)}
        />
      </MembershipSection>

      <MembershipSection
        id="members"
        heading={t.members}
        intro={t.membersIntro}
        empty={t.noMembers}
        caption={t.membersCaption}
        columns={[c.name, c.authority]}
        rows={members}
        cells={(m) => (
          <>
            <td data-title={c.name}>
              <Link to={`/admin/brugere/${m.id}`}>{m.displayName}</Link>
              <span className="table-subtext">{rolesText(m.roles)}</span>
              {m.active ? null : <ActiveBadge active={false} />}
            </td>
            <td data-title={c.authority}>{authorityName.get(m.authorityId) ?? ''}</td>
          </>
        )}
        removeLabel={(m) => t.removeMember(m.displayName)}
        pending={memberChange.isPending}
        onRemove={(m) => changeMember(m.id, false)}
      >
        <AddToForum
          id="add-member"
          label={t.addMember}
          placeholder={t.memberPlaceholder}
          button={t.addMemberButton}
          options={candidates.map((u) => ({ value: u.id, label: `${u.displayName} (${authorityName.get(u.authorityId) ?? ''}, ${rolesText(u.roles).toLocaleLowerCase('da')})` }))}
          empty={t.noMoreMembers}
          pending={memberChange.isPending}
          onAdd={(id, after) => changeMember(id, true, after)}
        />
      </MembershipSection>

      <ForumSettings
        forum={forum}
        onStart={() => {
          setDone(null);
          authorityChange.reset();
          memberChange.reset();
        }}
      />

      <section aria-labelledby="cadence-heading" className="admin-section">
        <h2 id="cadence-heading">{t.cadence}</h2>
        <p>{t.cadenceText}</p>
        {coordinators.length > 0 ? (
          <>
            <h3 className="h5">{t.cadenceCoordinators}</h3>
            <ul>
              {coordinators.map((m) => (
                <li key={m.id}>
                  {m.displayName}, {authorityName.get(m.authorityId) ?? ''} (<a href={`mailto:${m.email}`}>{m.email}</a>)
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t.cadenceNoCoordinators}</p>
        )}
      </section>
    </Page>
  );
}
