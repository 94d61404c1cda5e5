import createClient, { type Middleware } from 'openapi-fetch';
import { BACKGROUND_HEADER } from './background';
import type { paths } from './schema';
import { sessionState } from './session-state';

/** Every request says it comes from the web app's own script (the api refuses cookie requests without it). */
export const CSRF_HEADER = 'X-PSP-CSRF';

const session: Middleware = {
  onRequest({ request }) {
    request.headers.set(CSRF_HEADER, '1');
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401) sessionState.markEnded();
    else if (!request.headers.has(BACKGROUND_HEADER)) sessionState.markActive();
    return response;
  },
};

/** The one client of the api: generated types, the session cookie, same origin only. */
export const api = createClient<paths>({ baseUrl: '/', credentials: 'same-origin' });
api.use(session);

/** Where to sign in, coming back to `path` (the current page by default). */
export function loginUrl(path = `${window.location.pathname}${window.location.search}`): string {
  return `/auth/login?returnTo=${encodeURIComponent(path)}`;
}
