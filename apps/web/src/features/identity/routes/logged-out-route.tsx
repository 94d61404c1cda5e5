import { useSearchParams } from 'react-router';
import { loginUrl } from '../../../api/client';
import { Alert } from '../../../components/alert';
import { Page } from '../../../components/page';
import { texts } from '../texts';

/** /logget-ud: where logging out ends, and where a failed sign-in lands (?fejl=login|udbyder). */
export function LoggedOutRoute() {
  const [search] = useSearchParams();
  const problem = search.get('fejl');
  const failed = problem === 'login' ? texts.loggedOut.loginFailed : problem === 'udbyder' ? texts.loggedOut.providerDown : undefined;
  return (
    <Page title={failed ? texts.logIn : texts.loggedOut.title}>
      {failed ? <Alert variant="warning">{failed}</Alert> : <p>{texts.loggedOut.body}</p>}
      <p>
        <a className="button button-primary" href={loginUrl('/')}>
          {texts.logIn}
        </a>
      </p>
    </Page>
  );
}
