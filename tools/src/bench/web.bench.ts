import { loadavg } from 'node:os';
import { createDataSource, WebSessionRepository } from '@psp/persistence';
import { chromium, type BrowserContext } from '@playwright/test';
import { callApi, runStackBench, type BenchStack } from './bench-stack';
import { LAUNCH, navigate, probe, type PageSpec, type Sample } from './web-browser';
import { CASEWORKER, makeData, SUPERVISOR, userId } from './web-data';
import { breakdown, initialAssets, jsLoaded, rank, round2, snapshotWebApp, stats, summary, TARGETS } from './web-report';

/**
 * `npm run bench:web`: the web app in Chromium (Debian's, through Playwright) against the whole
 * stack (api serving the built app, worker, Temporal dev server, PostgreSQL), signed in with a
 * server-side session as a browser is after sign-in.
 *
 * - "Mine opgaver" (/opgaver) of a caseworker with 50 open steps, and the supervisor's page
 *   (/overblik) of an authority owning 500 open steps (60 % overdue, 10 % blocked, spread over
 *   five caseworkers): the time from navigation start until every step row the api returns is in
 *   the page and visible, taken in the page (performance.now(), whose origin is the navigation
 *   start). Cold: a browser context with an empty cache; warm: a returning user (cache kept),
 *   3 warm-up navigations, then 30 measured ones, each in a new tab. Target: p95 under 1 s.
 * - The initial JavaScript of dist/apps/web/index.html (module scripts and module preloads),
 *   gzip-compressed. Target: under 250 kB (1 kB = 1000 bytes, as Vite reports).
 *
 * Exits 1 when a navigation failed (not when a target is missed: that is reported).
 */
const RUNS = Number(process.env['BENCH_WEB_RUNS'] ?? 30);
const WARMUP = Number(process.env['BENCH_WEB_WARMUP'] ?? 3);
const COLD = Number(process.env['BENCH_WEB_COLD'] ?? 3);
const TASK_STEPS = 50;
/**
 * The built web app (dist/apps/web, or BENCH_WEB_DIST: another build to compare), copied at the
 * start: the api serves the copy and its sizes are measured, so a rebuild of dist/apps/web while
 * the benchmark runs (vite empties it) changes nothing here.
 */
const WEB_DIST = snapshotWebApp();

runStackBench(
  'bench:web',
  async (stack, db) => {
    const setupStarted = Date.now();
    const data = await makeData(stack, db);
    const setupSeconds = Math.round((Date.now() - setupStarted) / 1000);
    const baseUrl = stack.apiUrl.replace('127.0.0.1', 'localhost');

    // What the api returns to each user: the number of rows their page must show.
    const tasks = (await callApi(stack.apiUrl, await stack.tokenFor(CASEWORKER), 'GET', '/api/v1/me/tasks')).body as unknown as unknown[];
    const supervisorToken = await stack.tokenFor(SUPERVISOR);
    const overdue = (await callApi(stack.apiUrl, supervisorToken, 'GET', '/api/v1/oversight/overdue')).body as unknown as { steps: unknown[] }[];
    const blocked = (await callApi(stack.apiUrl, supervisorToken, 'GET', '/api/v1/oversight/blocked')).body as unknown as unknown[];
    const overdueRows = overdue.reduce((n, g) => n + g.steps.length, 0);
    const pages: PageSpec[] = [
      { name: 'tasks', path: '/opgaver', username: CASEWORKER, heading: 'Mine opgaver', links: tasks.length, chart: false, dataPaths: ['/api/v1/me/tasks'] },
      { name: 'oversight', path: '/overblik', username: SUPERVISOR, heading: 'Overskredne opgaver', links: overdueRows + blocked.length, chart: true, dataPaths: ['/api/v1/oversight/'] },
    ];
    const apiDirect = {
      [CASEWORKER]: await timeApi(stack, CASEWORKER, ['/api/v1/me', '/api/v1/me/tasks']),
      [SUPERVISOR]: await timeApi(stack, SUPERVISOR, ['/api/v1/me', '/api/v1/oversight/overdue', '/api/v1/oversight/blocked', '/api/v1/oversight/trend?weeks=12']),
    };
    const problems: string[] = [];
    if (tasks.length !== TASK_STEPS) problems.push(`the caseworker's task list has ${tasks.length} steps, not ${TASK_STEPS}`);

    // Sessions as sign-in makes them (the api's defaults: 30 min idle, 10 h absolute).
    const dataSource = await createDataSource({ url: stack.databaseUrl, poolSize: 1 }, 'psp-bench-web').initialize();
    const sessions = new WebSessionRepository(dataSource);
    const cookies: Record<string, string> = {};
    for (const p of pages) cookies[p.username] = (await sessions.create(await userId(db, p.username), 30, 10)).id;
    await dataSource.destroy();

    const loadAtStart = loadavg()[0];
    const browser = await chromium.launch(LAUNCH);
    const results: Record<string, unknown> = {};
    let errors = 0;
    const errorLog: string[] = [];
    try {
      for (const p of pages) {
        const newContext = async () => {
          const context = await browser.newContext({ locale: 'da-DK', timezoneId: 'Europe/Copenhagen', viewport: { width: 1280, height: 800 } });
          await context.addCookies([{ name: 'psp_session', value: cookies[p.username]!, domain: 'localhost', path: '/', httpOnly: true, secure: false, sameSite: 'Lax' }]);
          await context.addInitScript({ content: probe(p) });
          return context;
        };
        const attempt = async (context: BrowserContext, label: string): Promise<Sample | undefined> => {
          try {
            return await navigate(context, `${baseUrl}${p.path}`, p);
          } catch (err) {
            errors++;
            errorLog.push(`${p.name} ${label}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
            return undefined;
          }
        };

        // Cold: a first visit, nothing cached (a new context each time).
        const cold: Sample[] = [];
        for (let i = 0; i < COLD; i++) {
          const context = await newContext();
          const s = await attempt(context, `cold ${i + 1}`);
          if (s) cold.push(s);
          await context.close();
        }
        // Warm: a returning user, the cache kept between visits; each visit opens the page in a new tab.
        const context = await newContext();
        for (let i = 0; i < WARMUP; i++) await attempt(context, `warm-up ${i + 1}`);
        const warm: Sample[] = [];
        for (let i = 0; i < RUNS; i++) {
          const s = await attempt(context, `run ${i + 1}`);
          if (s) warm.push(s);
        }
        await context.close();

        results[p.name] = {
          path: p.path,
          user: p.username,
          rowsExpected: p.links,
          ...(p.name === 'oversight' ? { overdueAndSoonRows: overdueRows, blockedRows: blocked.length, caseworkerGroups: overdue.length } : {}),
          warm: { runs: warm.length, ...stats(warm.map((s) => s.renderedMs)), breakdownP50: breakdown(warm), scriptsFetchedMax: Math.max(0, ...warm.map((s) => s.scriptsFetched)), bytesTransferredP50: rank(warm.map((s) => s.bytesTransferred), 50) },
          cold: { runs: cold.length, renderedMs: cold.map((s) => Math.round(s.renderedMs)), ...stats(cold.map((s) => s.renderedMs)), breakdownP50: breakdown(cold), bytesTransferredP50: rank(cold.map((s) => s.bytesTransferred), 50) },
          javascriptLoaded: cold[0] ? jsLoaded(WEB_DIST, cold[0].jsFiles) : null,
          samplesMs: warm.map((s) => Math.round(s.renderedMs)),
        };
      }
    } finally {
      await browser.close();
    }

    const assets = initialAssets(WEB_DIST);
    const tasksResult = results['tasks'] as { warm: { p95: number } } | undefined;
    const oversightResult = results['oversight'] as { warm: { p95: number } } | undefined;
    const met = {
      tasksP95: tasksResult !== undefined && tasksResult.warm.p95 < TARGETS.p95Ms,
      oversightP95: oversightResult !== undefined && oversightResult.warm.p95 < TARGETS.p95Ms,
      initialJs: assets.js.gzipDefaultBytes < TARGETS.initialJsGzipKb * 1000,
    };
    if (errors > 0 || problems.length > 0) process.exitCode = 1;
    return {
      benchmark: 'bench:web',
      browser: { chromium: browser.version(), executable: LAUNCH.executablePath, headless: true, viewport: '1280x800' },
      data: { ...data, setupSeconds },
      apiDirectP50Ms: apiDirect,
      runs: { warmup: WARMUP, measured: RUNS, cold: COLD },
      // Everything (PostgreSQL, Temporal, worker, api, Chromium) shares this machine's CPUs with whatever else runs on it.
      loadAverage1m: { atStart: round2(loadAtStart), atEnd: round2(loadavg()[0]) },
      pages: results,
      initialAssets: assets,
      targets: { p95Ms: TARGETS.p95Ms, initialJsGzipKb: TARGETS.initialJsGzipKb },
      met,
      errors,
      errorLog: [...problems, ...errorLog].slice(0, 20),
    };
  },
  { extraEnv: { WEB_DIST_DIR: WEB_DIST }, summary },
);


/** The page's api requests on their own (bearer token, one at a time): p50 of 10 after 3 warm-ups, to tell api time from browser time. */
async function timeApi(stack: BenchStack, username: string, paths: string[]): Promise<Record<string, number>> {
  const token = await stack.tokenFor(username);
  const out: Record<string, number> = {};
  for (const path of paths) {
    const ms: number[] = [];
    for (let i = 0; i < 13; i++) {
      const t0 = performance.now();
      const res = await callApi(stack.apiUrl, token, 'GET', path);
      if (res.status !== 200) throw new Error(`GET ${path} as ${username}: ${res.status}`);
      if (i >= 3) ms.push(performance.now() - t0);
    }
    out[path] = Math.round(rank(ms, 50));
  }
  return out;
}
