/**
 * What the browser itself knows about the session (the server's view is the /me/session query):
 * whether a request has been answered 401 (the session ended), and when the user last made a
 * request that extends the idle time. A tiny store read with useSyncExternalStore.
 */
export interface SessionState {
  ended: boolean;
  /** Epoch ms of the last foreground request the api answered (it extended the idle time). */
  lastActivityAt: number;
}

let state: SessionState = { ended: false, lastActivityAt: Date.now() };
const listeners = new Set<() => void>();

function set(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

export const sessionState = {
  get: (): SessionState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  markEnded(): void {
    if (!state.ended) set({ ...state, ended: true });
  },
  markActive(at = Date.now()): void {
    if (!state.ended) set({ ...state, lastActivityAt: at });
  },
};
