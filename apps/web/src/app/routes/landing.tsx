import { Navigate } from 'react-router';
import type { MeView } from '../../api/types';
import { Loading } from '../../components/loading';
import { forumHome } from '../../features/forum/forum-home';
import { useMe } from '../../features/identity/api/use-me';
import { WorkspaceMissing } from './workspace-missing';

/** Where each role starts (DESIGN §9): supervisors on their overview, coordinators on their forum (their tasks without one), caseworkers on their tasks, administrators on the users, auditors on the access log. */
export function homeOf(me: MeView): string | undefined {
  if (me.roles.includes('SUPERVISOR')) return '/overblik';
  if (me.roles.includes('COORDINATOR') && me.fora.length > 0) return forumHome(me.fora);
  if (me.roles.includes('CASEWORKER') || me.roles.includes('COORDINATOR')) return '/opgaver';
  if (me.roles.includes('ADMIN')) return '/admin/brugere';
  if (me.roles.includes('AUDITOR')) return '/adgangslog';
  return undefined;
}

export function Landing() {
  const me = useMe();
  if (!me.data) return <Loading />;
  const home = homeOf(me.data);
  return home ? <Navigate to={home} replace /> : <WorkspaceMissing />;
}
