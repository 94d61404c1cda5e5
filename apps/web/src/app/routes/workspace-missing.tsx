import { Link } from 'react-router';
import type { MeView } from '../../api/types';
import { Page } from '../../components/page';
import { texts } from '../texts';

/** Auditors and administrators: their workspaces are not in the web app yet; the api and its documentation are. */
export function WorkspaceMissing({ me }: { me: MeView }) {
  const w = texts.workspace;
  return (
    <Page title={w.title}>
      {me.roles.includes('AUDITOR') ? <p>{w.auditor}</p> : null}
      {me.roles.includes('ADMIN') ? <p>{w.admin}</p> : null}
      <p>
        {/* A page of the api, not of the app: a full navigation. */}
        <a href="/docs" className="button button-secondary">
          {w.docs}
        </a>
      </p>
      <p className="form-hint">{w.docsHint}</p>
      <p>
        {w.notificationsBefore}
        <Link to="/beskeder">{texts.nav.notifications}</Link>.
      </p>
    </Page>
  );
}
