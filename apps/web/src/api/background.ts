/**
 * Requests the user did not ask for (polling, refetch when the window regains focus or the network
 * returns) carry `X-PSP-Background: 1`, so they do not extend the session's idle time. TanStack
 * Query calls a query function synchronously from its focus and reconnect handlers, so a flag held
 * for the duration of that call tells the query function which fetches are background ones.
 */
export const BACKGROUND_HEADER = 'X-PSP-Background';

let depth = 0;

export function inBackground<T>(run: () => T): T {
  depth++;
  try {
    return run();
  } finally {
    depth--;
  }
}

/** Headers for a query function: background when called from a focus/reconnect refetch or for a polled query. */
export function requestHeaders(context?: { meta?: Record<string, unknown> | undefined }): Record<string, string> {
  return depth > 0 || context?.meta?.['background'] === true ? { [BACKGROUND_HEADER]: '1' } : {};
}
