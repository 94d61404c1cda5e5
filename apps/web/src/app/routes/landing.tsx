import { Navigate } from 'react-router';
import type { MeView } from '../../api/types';
import { Loading } from '../../components/loading';
import { useMe } from '../../features/identity/api/use-me';
import { WorkspaceMissing } from './workspace-missing';

/** Where each role starts (DESIGN §9): supervisors on their overview, caseworkers and coordinators on their tasks. */
export function homeOf(me: MeView): string | undefined {
  if (me.roles.includes('SUPERVISOR')) return '/overblik';
  if (me.roles.includes('CASEWORKER') || me.roles.includes('COORDINATOR')) return '/opgaver';
  return undefined;
}

export function Landing() {
  const me = useMe();
  if (!me.data) return <Loading />;
  const home = homeOf(me.data);
  return home ? <Navigate to={home} replace /> : <WorkspaceMissing me={me.data} />;
}
