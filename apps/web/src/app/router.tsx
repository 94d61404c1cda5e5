import type { ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { Loading } from '../components/loading';
import { LoggedOutRoute } from '../features/identity/routes/logged-out-route';
import { NoAccessRoute } from '../features/identity/routes/no-access-route';
import { AppShell, PublicShell } from './layout/shells';
import { Landing } from './routes/landing';
import { NotFound } from './routes/not-found';
import { RouteError } from './routes/route-error';

/**
 * Each workspace is its own chunk: the first page loads only the frame and that page. The router
 * loads the chunk before it shows the route (no Suspense fallback, which React keeps on screen for
 * at least 300 ms once shown: bench:web measured that on every page load).
 */
function page(load: () => Promise<ComponentType>) {
  return async () => ({ Component: await load() });
}

export function createRouter() {
  return createBrowserRouter([
    {
      errorElement: <RouteError />,
      hydrateFallbackElement: <Loading />,
      children: [
        {
          element: <PublicShell />,
          children: [
            { path: '/ingen-adgang', element: <NoAccessRoute /> },
            { path: '/logget-ud', element: <LoggedOutRoute /> },
          ],
        },
        {
          path: '/',
          element: <AppShell />,
          children: [
            { index: true, element: <Landing /> },
            { path: 'opgaver', lazy: page(async () => (await import('../features/tasks/routes/tasks-route')).TasksRoute) },
            { path: 'opgaver/:stepId', lazy: page(async () => (await import('../features/tasks/routes/step-route')).StepRoute) },
            { path: 'beskeder', lazy: page(async () => (await import('../features/notifications/routes/notifications-route')).NotificationsRoute) },
            { path: 'indstil', lazy: page(async () => (await import('../features/persons/routes/nominate-route')).NominateRoute) },
            { path: 'overblik', lazy: page(async () => (await import('../features/oversight/routes/oversight-route')).OversightRoute) },
            { path: 'moeder/:meetingId', lazy: page(async () => (await import('../features/meetings/routes/meeting-route')).MeetingRoute) },
            { path: '*', element: <NotFound /> },
          ],
        },
      ],
    },
  ]);
}
