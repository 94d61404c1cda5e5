import { Navigate } from 'react-router';
import { Loading } from '../../components/loading';
import { ForaList } from '../../features/forum/components/fora-list';
import { forumHome } from '../../features/forum/forum-home';
import { useMe } from '../../features/identity/api/use-me';

/** /fora: a coordinator's fora (from /me); with one, straight to it. */
export function MyFora() {
  const me = useMe();
  if (!me.data) return <Loading />;
  if (me.data.fora.length === 1) return <Navigate to={forumHome(me.data.fora)} replace />;
  return <ForaList fora={me.data.fora} />;
}
