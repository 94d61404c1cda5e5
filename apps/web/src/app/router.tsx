import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
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
            { path: 'fora', lazy: page(async () => (await import('./routes/my-fora')).MyFora) },
            { path: 'fora/:forumId', lazy: page(async () => (await import('../features/forum/routes/forum-route')).ForumRoute) },
            { path: 'fora/:forumId/planlaegning', lazy: page(async () => (await import('../features/forum/routes/planning-route')).PlanningRoute) },
            { path: 'fora/:forumId/personer', lazy: page(async () => (await import('../features/persons/routes/persons-route')).PersonsRoute) },
            { path: 'personer/:personId', lazy: page(async () => (await import('../features/persons/routes/person-route')).PersonRoute) },
            { path: 'moeder/:meetingId', lazy: page(async () => (await import('../features/meetings/routes/meeting-route')).MeetingRoute) },
            { path: 'moeder/:meetingId/referat', lazy: page(async () => (await import('../features/meetings/routes/minutes-route')).MinutesRoute) },
            { path: 'admin', element: <Navigate to="/admin/brugere" replace /> },
            { path: 'admin/brugere', lazy: page(async () => (await import('../features/admin/routes/users-route')).UsersRoute) },
            { path: 'admin/brugere/ny', lazy: page(async () => (await import('../features/admin/routes/new-user-route')).NewUserRoute) },
            { path: 'admin/brugere/:userId', lazy: page(async () => (await import('../features/admin/routes/user-route')).UserRoute) },
            { path: 'admin/myndigheder', lazy: page(async () => (await import('../features/admin/routes/authorities-route')).AuthoritiesRoute) },
            { path: 'admin/myndigheder/ny', lazy: page(async () => (await import('../features/admin/routes/new-authority-route')).NewAuthorityRoute) },
            { path: 'admin/myndigheder/:authorityId', lazy: page(async () => (await import('../features/admin/routes/authority-route')).AuthorityRoute) },
            { path: 'admin/fora', lazy: page(async () => (await import('../features/admin/routes/fora-route')).ForaRoute) },
            { path: 'admin/fora/ny', lazy: page(async () => (await import('../features/admin/routes/new-forum-route')).NewForumRoute) },
            { path: 'admin/fora/:forumId', lazy: page(async () => (await import('../features/admin/routes/forum-route')).ForumRoute) },
            { path: 'adgangslog', lazy: page(async () => (await import('../features/audit/routes/log-route')).LogRoute) },
            { path: 'adgangslog/kaede', lazy: page(async () => (await import('../features/audit/routes/verification-route')).VerificationRoute) },
            { path: 'adgangslog/indsigt', lazy: page(async () => (await import('../features/audit/routes/report-route')).ReportRoute) },
            { path: 'adgangslog/indsigt/:personId', lazy: page(async () => (await import('../features/audit/routes/report-route')).ReportRoute) },
            { path: '*', element: <NotFound /> },
          ],
        },
      ],
    },
  ]);
}
