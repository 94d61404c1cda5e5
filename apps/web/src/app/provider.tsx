import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { inBackground } from '../api/background';
import { ApiError } from '../api/errors';

/**
 * Refetches when the window regains focus or the network returns are not the user's doing: they
 * run marked as background requests, so they do not keep an idle session alive.
 */
class BackgroundAwareQueryCache extends QueryCache {
  override onFocus(): void {
    inBackground(() => super.onFocus());
  }
  override onOnline(): void {
    inBackground(() => super.onOnline());
  }
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new BackgroundAwareQueryCache(),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Only an unavailable api or network is worth repeating; 4xx answers are final.
        retry: (count, error) => error instanceof ApiError && error.transient && count < 2,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}

export function AppProvider({ client, children }: { client: QueryClient; children: ReactNode }) {
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
