import { Alert } from '../../../components/alert';
import { ErrorAlert } from '../../../components/error-alert';
import { Page } from '../../../components/page';
import { useLogout } from '../api/logout';
import { texts } from '../texts';

/** /ingen-adgang: signed in at the identity provider, but no PSP user. Does not call /api/v1/me. */
export function NoAccessRoute() {
  const logout = useLogout();
  return (
    <Page title={texts.noAccess.title}>
      <Alert variant="info">
        <p>{texts.noAccess.body}</p>
      </Alert>
      <p>{texts.noAccess.whatToDo}</p>
      <p>{texts.noAccess.afterwards}</p>
      {logout.isError ? <ErrorAlert error={logout.error} heading={texts.logoutFailed} /> : null}
      <button type="button" className="button button-primary" onClick={() => logout.mutate()} disabled={logout.isPending}>
        {logout.isPending ? texts.loggingOut : texts.logOut}
      </button>
    </Page>
  );
}
