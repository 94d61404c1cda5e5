import type { BrowserContext } from '@playwright/test';

/** The browser side of bench:web (web.bench.ts): Chromium, what a page must show, and one visit timed in the page. */
export const NAV_TIMEOUT_MS = 20_000;

/** The Chromium the browser tests use: Debian's, and no traffic to Google's services. */
export const LAUNCH = {
  executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/lib/chromium/chromium',
  args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  headless: true,
};

/** What makes a page "rendered": its heading, and exactly `links` step links in its tables, the last one visible. */
export interface PageSpec {
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

export interface Sample {
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
export const probe = (spec: PageSpec) => `(() => {
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
export const timings = (spec: PageSpec) => `(() => {
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


/** One visit in a new tab: the in-page times, and the check, by role as a person sees it, that the whole list is there. */
export async function navigate(context: BrowserContext, url: string, spec: PageSpec): Promise<Sample> {
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
