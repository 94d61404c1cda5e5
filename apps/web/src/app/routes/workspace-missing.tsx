import { Link } from 'react-router';
import { Page } from '../../components/page';
import { texts } from '../texts';

/** A user none of whose roles has a workspace in the web app: the api and its documentation are there. */
export function WorkspaceMissing() {
  const w = texts.workspace;
  return (
    <Page title={w.title}>
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
