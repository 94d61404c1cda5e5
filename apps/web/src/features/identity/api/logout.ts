import { useMutation } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { ApiError, unwrap } from '../../../api/errors';
import { clearAllDrafts } from '../../../components/drafts';

/** Where the app itself says goodbye, when the api has no other place to send the browser. */
const LOGGED_OUT_PAGE = '/logget-ud';

/**
 * Log out: the api ends the session (and the sign-in at the identity provider) and says where to
 * go; drafts kept in this tab are deleted first. A session that had already ended counts as logged out.
 */
export function useLogout() {
  return useMutation({
    mutationFn: () => unwrap(api.POST('/auth/logout')),
    onSuccess: ({ redirectTo }) => {
      clearAllDrafts();
      window.location.assign(redirectTo || LOGGED_OUT_PAGE);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401) {
        clearAllDrafts();
        window.location.assign(LOGGED_OUT_PAGE);
      }
    },
  });
}
