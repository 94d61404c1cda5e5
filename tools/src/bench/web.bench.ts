import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import { addBusinessDays, copenhagenDate } from '@psp/domain';
import { createDataSource, WebSessionRepository } from '@psp/persistence';
import type { Client } from 'pg';
import { chromium, type BrowserContext } from '@playwright/test';
import { repoRoot } from '../paths';
import { acceptedPersons, callApi, egedalSteps, runStackBench, type BenchStack } from './bench-stack';

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
const NAV_TIMEOUT_MS = 20_000;
const TASK_STEPS = 50;
const AUTHORITY_STEPS = Number(process.env['BENCH_WEB_STEPS'] ?? 500);
const PERSONS = 50;
const CONCURRENCY = 16;
const TARGETS = { p95Ms: 1000, initialJsGzipKb: 250 };
const CASEWORKER = 'sagsbehandler.egedal';
const SUPERVISOR = 'leder.egedal';
/** Colleagues of the caseworker, made through the admin api, who get the authority's other steps. */
const COLLEAGUES = ['Bente Bech', 'Carsten Dahl', 'Dorthe Eskildsen', 'Erik Friis'];
/**
 * The built web app (dist/apps/web, or BENCH_WEB_DIST: another build to compare), copied at the
 * start: the api serves the copy and its sizes are measured, so a rebuild of dist/apps/web while
 * the benchmark runs (vite empties it) changes nothing here.
 */
const WEB_DIST = snapshotWebApp();

/** The Chromium the browser tests use: Debian's, and no traffic to Google's services. */
const LAUNCH = {
  executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/lib/chromium/chromium',
  args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  headless: true,
};

/** What makes a page "rendered": its heading, and exactly `links` step links in its tables, the last one visible. */
interface PageSpec {
  name: 'tasks' | 'oversight';
  path: string;
  username: string;
  heading: string;
  links: number;
  /** The page draws a chart (an SVG with role img) that must be there too. */
  chart: boolean;
  /** The api paths (prefixes) of the page's own data, for the timeline. */
  dataPaths: string[];
}

interface Sample {
  renderedMs: number;
  /** When the DOM first held the full list (before layout and paint of that frame). */
  domMs: number;
  documentMs: number;
  scriptsMs: number | null;
  meStartMs: number | null;
  meMs: number | null;
  dataStartMs: number | null;
  dataMs: number | null;
  /** Each api request of the page: its path, when it was asked and when it was answered (last byte). */
  api: [string, number, number][];
  /** Main-thread tasks over 50 ms before the list was drawn: start and duration. */
  longTasks: [number, number][];
  firstPaintMs: number | null;
  jsFiles: string[];
  /** Scripts not taken from the cache (a returning user has them cached: 0). */
  scriptsFetched: number;
  bytesTransferred: number;
}

/**
 * Runs in the page before its own scripts: watches the DOM (and every frame, for changes that come
 * from styles) until the page holds the full list, then notes the time, and the time once that
 * frame has been drawn (a task posted from the frame's requestAnimationFrame runs after its paint).
 */
const probe = (spec: PageSpec) => `(() => {
  const spec = ${JSON.stringify({ heading: spec.heading, links: spec.links, chart: spec.chart })};
  let done = false;
  window.__benchLongTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__benchLongTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
  const complete = () => {
    const main = document.querySelector('main');
    if (!main) return false;
    const h1 = main.querySelector('h1');
    if (!h1 || h1.textContent.trim() !== spec.heading) return false;
    if (main.querySelector('.loading')) return false;
    if (spec.chart && !main.querySelector('svg[role="img"]')) return false;
    const links = main.querySelectorAll('table a[href^="/opgaver/"]');
    if (links.length !== spec.links) return false;
    const last = links[links.length - 1];
    if (!last) return spec.links === 0;
    const box = last.getBoundingClientRect();
    return last.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && box.width > 0 && box.height > 0;
  };
  const found = () => {
    if (done || !complete()) return;
    done = true;
    const dom = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { window.__benchRendered = { dom, rendered: performance.now() }; };
      channel.port2.postMessage(null);
    });
  };
  const observer = new MutationObserver(found);
  observer.observe(document, { childList: true, subtree: true, characterData: true });
  const frame = () => { found(); if (!done) requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
})();`;

/** Where the time went, from the page's own Resource and Navigation Timing entries. */
const timings = (spec: PageSpec) => `(() => {
  const dataPaths = ${JSON.stringify(spec.dataPaths)};
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  const api = resources.filter((r) => new URL(r.name).pathname.startsWith('/api/v1/'));
  const path = (r) => new URL(r.name).pathname;
  const me = api.find((r) => path(r) === '/api/v1/me');
  const data = api.filter((r) => dataPaths.some((p) => path(r).startsWith(p)));
  const scripts = resources.filter((r) => path(r).endsWith('.js'));
  return {
    rendered: window.__benchRendered,
    documentMs: nav.responseEnd,
    scriptsMs: scripts.length ? Math.max(...scripts.map((r) => r.responseEnd)) : null,
    meStartMs: me ? me.startTime : null,
    meMs: me ? me.responseEnd : null,
    dataStartMs: data.length ? Math.min(...data.map((r) => r.startTime)) : null,
    dataMs: data.length ? Math.max(...data.map((r) => r.responseEnd)) : null,
    api: api.map((r) => [path(r), r.startTime, r.responseEnd]),
    longTasks: window.__benchLongTasks.filter((t) => t[0] < window.__benchRendered.rendered),
    firstPaintMs: performance.getEntriesByType('paint').find((p) => p.name === 'first-contentful-paint')?.startTime ?? null,
    jsFiles: scripts.map(path),
    scriptsFetched: scripts.filter((r) => r.transferSize > 0).length,
    bytesTransferred: [nav, ...resources].reduce((n, r) => n + r.transferSize, 0),
  };
})()`;

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
          javascriptLoaded: cold[0] ? jsLoaded(cold[0].jsFiles) : null,
          samplesMs: warm.map((s) => Math.round(s.renderedMs)),
        };
      }
    } finally {
      await browser.close();
    }

    const assets = initialAssets();
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

function snapshotWebApp(): string {
  const built = process.env['BENCH_WEB_DIST'] ?? join(repoRoot(), 'dist/apps/web');
  if (!existsSync(join(built, 'index.html'))) throw new Error(`${built}/index.html is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'psp-bench-web-'));
  cpSync(built, dir, { recursive: true });
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** One visit in a new tab: the in-page times, and the check, by role as a person sees it, that the whole list is there. */
async function navigate(context: BrowserContext, url: string, spec: PageSpec): Promise<Sample> {
  const page = await context.newPage();
  const trouble: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') trouble.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => trouble.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => trouble.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) trouble.push(`${r.status()}: ${r.url()}`);
  });
  try {
    await page.goto(url, { waitUntil: 'commit', timeout: NAV_TIMEOUT_MS });
    try {
      // A function, not a string: the page's Content-Security-Policy forbids evaluating strings.
      await page.waitForFunction(() => (globalThis as { __benchRendered?: unknown }).__benchRendered !== undefined, undefined, { timeout: NAV_TIMEOUT_MS });
    } catch (err) {
      const seen = await page
        .evaluate(
          `({ path: location.pathname, h1: document.querySelector('h1')?.textContent ?? null, links: document.querySelectorAll('main table a[href^="/opgaver/"]').length, text: (document.querySelector('main') ?? document.body)?.innerText.slice(0, 200) ?? null })`,
        )
        .catch(() => undefined);
      const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
      throw new Error(`the page was not complete (${why}): ${JSON.stringify(seen)} (expected ${spec.links} step links)${trouble.length ? `; ${trouble.slice(0, 5).join('; ')}` : ''}`);
    }
    const main = page.getByRole('main');
    await main.getByRole('heading', { level: 1, name: spec.heading, exact: true }).waitFor({ state: 'visible', timeout: 5000 });
    const links = main.getByRole('table').getByRole('link');
    const count = await links.count();
    if (count !== spec.links) throw new Error(`${count} step links on the page, the api returns ${spec.links}`);
    if (count > 0) await links.last().waitFor({ state: 'visible', timeout: 5000 });
    if (spec.chart) await main.getByRole('img', { name: /^Graf over/ }).waitFor({ state: 'visible', timeout: 5000 });
    const t = (await page.evaluate(timings(spec))) as Omit<Sample, 'renderedMs' | 'domMs'> & { rendered: { dom: number; rendered: number } };
    const { rendered, ...rest } = t;
    return { ...rest, renderedMs: rendered.rendered, domMs: rendered.dom };
  } finally {
    await page.close();
  }
}

/**
 * The data: 50 accepted people in forum psp-pcb; 500 steps owned by Egedal, added through the api
 * (each starts its workflow), a tenth of them (50) for the caseworker, the rest spread over four
 * colleagues made through the admin api. Of every ten: six overdue (time passes: their due date
 * is moved back in the database), one due within 5 days, two later, one blocked by its assignee
 * through the api.
 */
async function makeData(stack: BenchStack, db: Client) {
  const { token, call, forumId, owner, assignee } = await egedalSteps(stack, db);
  const adminToken = await stack.tokenFor('admin');
  const colleagues: { id: string; username: string }[] = [];
  for (const [c, displayName] of COLLEAGUES.entries()) {
    const username = `web.egedal.${c}`;
    const u = await callApi(stack.apiUrl, adminToken, 'POST', '/api/v1/admin/users', { username, displayName, email: `${username}@psp.example`, authorityId: owner, roles: ['CASEWORKER'] });
    if (u.status !== 201) throw new Error(`user: ${JSON.stringify(u.body)}`);
    colleagues.push({ id: u.body['id'] as string, username });
  }
  const persons = await acceptedPersons(stack.apiUrl, token, forumId, PERSONS, 0, 'Webmåling Borger');

  const today = copenhagenDate(new Date());
  const kindOf = (i: number) => (i % 10 < 6 ? 'overdue' : i % 10 === 6 ? 'soon' : i % 10 === 9 ? 'blocked' : 'later');
  // Steps 0-9, 100-109, ...: the caseworker's (every kind); the others round the colleagues.
  const assigneeOf = (i: number) => (Math.floor(i / 10) % 10 === 0 ? { id: assignee, username: CASEWORKER } : colleagues[i % colleagues.length]!);
  const steps: { id: string; i: number }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < AUTHORITY_STEPS; i = next++) {
        const res = await call('POST', `/api/v1/fokuspersoner/${persons[i % PERSONS]}/helhedsplan/steps`, {
          description: `Opfølgning ${i + 1}: kontakt borgeren og aftal et møde om bolig, behandling og netværk`,
          ownerAuthorityId: owner,
          assigneeUserId: assigneeOf(i).id,
          dueDate: addBusinessDays(today, kindOf(i) === 'soon' ? 2 : 10 + (i % 20)),
        });
        if (res.status !== 201) throw new Error(`step: ${res.status} ${JSON.stringify(res.body)}`);
        steps.push({ id: res.body['id'] as string, i });
      }
    }),
  );
  // Blocked by the people who have them, through the api (the step workflow's update), 8 at a time.
  const tokens = new Map<string, string>();
  for (const u of [CASEWORKER, ...colleagues.map((c) => c.username)]) tokens.set(u, await stack.tokenFor(u));
  const toBlock = steps.filter((s) => kindOf(s.i) === 'blocked');
  next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let k = next++; k < toBlock.length; k = next++) {
        const s = toBlock[k]!;
        const res = await callApi(stack.apiUrl, tokens.get(assigneeOf(s.i).username)!, 'POST', `/api/v1/steps/${s.id}/block`, {
          reason: 'WAITING_ON_OTHER_AUTHORITY',
          text: 'Afventer svar fra psykiatrien om udskrivelse',
        });
        if (res.status !== 200 && res.status !== 201) throw new Error(`block: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }),
  );
  // Time passes: six in ten are 1-45 days past their due date.
  const late = steps.filter((s) => kindOf(s.i) === 'overdue');
  await db.query(`UPDATE step s SET due_date = $3::date - v.days FROM unnest($1::uuid[], $2::int[]) AS v(id, days) WHERE s.id = v.id`, [
    late.map((s) => s.id),
    late.map((s) => 1 + (s.i % 45)),
    today,
  ]);
  const settled = await settle(db, steps.length);
  await db.query('ANALYZE');
  const byStatus = Object.fromEntries(
    (await db.query(`SELECT status, count(*)::int AS n FROM step WHERE owner_authority_id = $1 GROUP BY status ORDER BY status`, [owner])).rows.map((r: { status: string; n: number }) => [r.status, r.n]),
  );
  const overdueSteps = Number(
    (await db.query(`SELECT count(*) AS n FROM step WHERE owner_authority_id = $1 AND due_date < $2::date AND status IN ('ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS')`, [owner, today])).rows[0].n,
  );
  return {
    persons: PERSONS,
    authoritySteps: steps.length,
    caseworkerSteps: steps.filter((s) => assigneeOf(s.i).username === CASEWORKER).length,
    caseworkers: 1 + colleagues.length,
    overdueSteps,
    byStatus,
    workerSettledSeconds: settled,
  };
}

/**
 * Waits (at most 3 minutes) until the worker has done what the new steps set off (assignment
 * notices, e-mails), so it does not run during the measurements; the seconds it took, or null.
 */
async function settle(db: Client, steps: number): Promise<number | null> {
  const started = Date.now();
  const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);
  while (Date.now() - started < 180_000) {
    const assigned = await count(`SELECT count(*) AS n FROM notification WHERE kind = 'STEP_ASSIGNED'`);
    const unsent = await count(`SELECT count(*) AS n FROM email_outbox WHERE sent_at IS NULL AND gave_up_at IS NULL`);
    if (assigned >= steps && unsent === 0) return Math.round((Date.now() - started) / 1000);
    await new Promise((r) => setTimeout(r, 500));
  }
  return null;
}

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

async function userId(db: Client, username: string): Promise<string> {
  return ((await db.query(`SELECT id FROM app_user WHERE username = $1`, [username])).rows[0] as { id: string }).id;
}

/** The p-th percentile by nearest rank: the smallest sample with at least p % of the samples at or below it. */
function rank(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function stats(samples: number[]) {
  const r = (p: number) => Math.round(rank(samples, p));
  return { p50: r(50), p95: r(95), p99: r(99), max: r(100), min: Math.round(Math.min(...samples)) };
}

function breakdown(samples: Sample[]) {
  const p50 = (pick: (s: Sample) => number | null) => {
    const values = samples.map(pick).filter((v): v is number => v !== null);
    return values.length ? Math.round(rank(values, 50)) : null;
  };
  return {
    documentMs: p50((s) => s.documentMs),
    scriptsLoadedMs: p50((s) => s.scriptsMs),
    meAskedMs: p50((s) => s.meStartMs),
    meAnsweredMs: p50((s) => s.meMs),
    dataAskedMs: p50((s) => s.dataStartMs),
    dataAnsweredMs: p50((s) => s.dataMs),
    listInDomMs: p50((s) => s.domMs),
    renderedMs: p50((s) => s.renderedMs),
    firstContentfulPaintMs: p50((s) => s.firstPaintMs),
    longTasksBeforeRenderedMs: p50((s) => s.longTasks.reduce((n, [, d]) => n + d, 0)),
    apiRequests: Object.fromEntries(
      [...new Set(samples.flatMap((s) => s.api.map(([path]) => path)))].map((path) => {
        const of = (pick: (r: [string, number, number]) => number) => Math.round(rank(samples.flatMap((s) => s.api.filter(([p]) => p === path).map(pick)), 50));
        return [path, { askedMs: of((r) => r[1]), answeredMs: of((r) => r[2]), tookMs: of((r) => r[2] - r[1]) }];
      }),
    ),
  };
}

const gzip = (buffer: Buffer, level: number) => gzipSync(buffer, { level }).length;

function sizes(path: string) {
  const file = join(WEB_DIST, path.replace(/^\//, ''));
  if (!existsSync(file)) throw new Error(`${path} is named by the page but is not in ${WEB_DIST}`);
  const buffer = readFileSync(file);
  return { file: path, rawBytes: buffer.length, gzip9Bytes: gzip(buffer, 9), gzipDefaultBytes: gzip(buffer, constants.Z_DEFAULT_COMPRESSION) };
}

function total(files: ReturnType<typeof sizes>[]) {
  const sum = (k: 'rawBytes' | 'gzip9Bytes' | 'gzipDefaultBytes') => files.reduce((n, f) => n + f[k], 0);
  return { rawBytes: sum('rawBytes'), gzip9Bytes: sum('gzip9Bytes'), gzipDefaultBytes: sum('gzipDefaultBytes'), files };
}

/** The JavaScript and CSS index.html loads before any page: module scripts, module preloads, stylesheets. */
function initialAssets() {
  const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const js: string[] = [];
  const css: string[] = [];
  for (const [, tag, rest] of html.matchAll(/<(script|link)\b([^>]*)>/gi)) {
    const attrs = new Map<string, string>();
    for (const [, name, a, b, c] of rest!.matchAll(/([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) attrs.set(name!.toLowerCase(), a ?? b ?? c ?? '');
    const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
    if (tag!.toLowerCase() === 'script' && attrs.get('src')) js.push(attrs.get('src')!);
    else if (rel.includes('modulepreload') && attrs.get('href')) js.push(attrs.get('href')!);
    else if (rel.includes('stylesheet') && attrs.get('href')) css.push(attrs.get('href')!);
  }
  if (js.length === 0) throw new Error(`${WEB_DIST}/index.html names no script`);
  return { js: total(js.map(sizes)), css: total(css.map(sizes)) };
}

/** The JavaScript a page actually loaded (index.html's and the page's own chunks). */
function jsLoaded(paths: string[]) {
  const t = total([...new Set(paths)].map(sizes));
  return { rawBytes: t.rawBytes, gzipDefaultBytes: t.gzipDefaultBytes, files: t.files.map((f) => f.file) };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

function summary(result: { benchmark: string } & Record<string, unknown>): string {
  const r = result as unknown as {
    pages: Record<
      string,
      {
        path: string;
        rowsExpected: number;
        warm: { runs: number; p50: number; p95: number; p99: number; max: number; breakdownP50: Record<string, number | null> };
        cold: { renderedMs: number[] };
      }
    >;
    loadAverage1m: { atStart: number; atEnd: number };
    initialAssets: { js: { rawBytes: number; gzip9Bytes: number; gzipDefaultBytes: number }; css: { rawBytes: number; gzipDefaultBytes: number } };
    met: { tasksP95: boolean; oversightP95: boolean; initialJs: boolean };
    errors: number;
    errorLog: string[];
  };
  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const lines = ['', 'bench:web'];
  for (const [name, p] of Object.entries(r.pages)) {
    const ok = name === 'tasks' ? r.met.tasksP95 : r.met.oversightP95;
    lines.push(
      `  ${p.path.padEnd(10)} ${String(p.rowsExpected).padStart(3)} rows: warm p50 ${p.warm.p50} ms, p95 ${p.warm.p95} ms, p99 ${p.warm.p99} ms, max ${p.warm.max} ms (${p.warm.runs} runs); cold ${p.cold.renderedMs.join(', ')} ms  -> p95 < ${TARGETS.p95Ms} ms ${mark(ok)}`,
    );
    const b = p.warm.breakdownP50;
    lines.push(`             warm p50 timeline: /api/v1/me asked ${b['meAskedMs']} ms, answered ${b['meAnsweredMs']}; list data asked ${b['dataAskedMs']}, answered ${b['dataAnsweredMs']}; list in DOM ${b['listInDomMs']}, drawn ${b['renderedMs']}`);
  }
  const js = r.initialAssets.js;
  lines.push(`  initial JS: ${kb(js.gzipDefaultBytes)} gzip (level 9: ${kb(js.gzip9Bytes)}; raw ${kb(js.rawBytes)})  -> < ${TARGETS.initialJsGzipKb} kB ${mark(r.met.initialJs)}`);
  lines.push(`  CSS (no target): ${kb(r.initialAssets.css.gzipDefaultBytes)} gzip, raw ${kb(r.initialAssets.css.rawBytes)}`);
  lines.push(`  load average (1 min) at start ${r.loadAverage1m.atStart}, at end ${r.loadAverage1m.atEnd}`);
  lines.push(`  errors: ${r.errors}${r.errorLog.length ? `\n    ${r.errorLog.join('\n    ')}` : ''}`);
  return `${lines.join('\n')}\n`;
}
