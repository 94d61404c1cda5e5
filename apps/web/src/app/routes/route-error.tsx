import { useRouteError } from 'react-router';
import { Alert } from '../../components/alert';
import { texts } from '../texts';

/**
 * Shown instead of react-router's English default when a page fails to render or its code fails to
 * load (e.g. after a new version was deployed). The error is not swallowed: it is logged too.
 */
export function RouteError() {
  const error = useRouteError();
  console.error(error);
  return (
    <main id="main-content" className="container page-container">
      <h1>{texts.routeError.title}</h1>
      <Alert variant="error">
        <p>{texts.routeError.body}</p>
      </Alert>
      <p>
        <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
          {texts.routeError.reload}
        </button>
      </p>
    </main>
  );
}
