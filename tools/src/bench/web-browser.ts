import type { BrowserContext, Locator, Page } from '@playwright/test';

/** The browser side of bench:web (web.bench.ts): Chromium, what a page must show, and one visit timed in the page. */
export const NAV_TIMEOUT_MS = 20_000;

/** The Chromium the browser tests use: Debian's, and no traffic to Google's services. */
export const LAUNCH = {
  executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/lib/chromium/chromium',
  args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  headless: true,
};

/** What makes a page "rendered": its heading, and exactly `rows.count` of its rows in main, the last one visible. */
export interface PageSpec {
  name: 'tasks' | 'oversight' | 'meeting' | 'minutes';
  path: string;
  username: string;
  heading: string;
  /** The page's rows: `count` elements matching `css` within main (what the api returns), named `what` in errors. */
  rows: { css: string; count: number; what: string };
  /** The same rows as a person finds them (by role), checked once the probe says the page is complete. */
  byRole: (main: Locator) => Locator;
  /** Target: p95 of the warm visits under this. */
  targetMs: number;
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
  const spec = ${JSON.stringify({ heading: spec.heading, rows: spec.rows, chart: spec.chart })};
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
    const rows = main.querySelectorAll(spec.rows.css);
    if (rows.length !== spec.rows.count) return false;
    const last = rows[rows.length - 1];
    if (!last) return spec.rows.count === 0;
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


/** One visit in a new tab: the in-page times, and the check, by role as a person sees it, that every row is there. */
export async function navigate(context: BrowserContext, url: string, spec: PageSpec): Promise<Sample> {
  const { page, sample } = await visit(context, url, spec);
  await page.close();
  return sample;
}

/** A visit that leaves the tab open (the caller closes it), with the problems the page had so far. */
export async function visit(context: BrowserContext, url: string, spec: PageSpec): Promise<{ page: Page; sample: Sample; trouble: string[] }> {
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
          `({ path: location.pathname, h1: document.querySelector('h1')?.textContent ?? null, rows: document.querySelectorAll(${JSON.stringify(`main ${spec.rows.css}`)}).length, text: (document.querySelector('main') ?? document.body)?.innerText.slice(0, 200) ?? null })`,
        )
        .catch(() => undefined);
      const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
      throw new Error(`the page was not complete (${why}): ${JSON.stringify(seen)} (expected ${spec.rows.count} ${spec.rows.what})${trouble.length ? `; ${trouble.slice(0, 5).join('; ')}` : ''}`);
    }
    const main = page.getByRole('main');
    await main.getByRole('heading', { level: 1, name: spec.heading, exact: true }).waitFor({ state: 'visible', timeout: 5000 });
    const rows = spec.byRole(main);
    const count = await rows.count();
    if (count !== spec.rows.count) throw new Error(`${count} ${spec.rows.what} on the page, the api returns ${spec.rows.count}`);
    if (count > 0) await rows.last().waitFor({ state: 'visible', timeout: 5000 });
    if (spec.chart) await main.getByRole('img', { name: /^Graf over/ }).waitFor({ state: 'visible', timeout: 5000 });
    const t = (await page.evaluate(timings(spec))) as Omit<Sample, 'renderedMs' | 'domMs'> & { rendered: { dom: number; rendered: number } };
    const { rendered, ...rest } = t;
    return { page, sample: { ...rest, renderedMs: rendered.rendered, domMs: rendered.dom }, trouble };
  } catch (err) {
    await page.close();
    throw err;
  }
}

/**
 * Runs in the page before its own scripts: for every key typed, the time from the key press (the
 * keydown event's time stamp; the input event's own for a character typed without one, as
 * Playwright types "ø") until the frame showing what its input event changed has been drawn.
 */
export const keystrokeProbe = `(() => {
  window.__benchKeys = [];
  let pressed = null;
  addEventListener('keydown', (e) => { pressed = e.timeStamp; }, true);
  addEventListener('input', (e) => {
    const t0 = pressed ?? e.timeStamp;
    pressed = null;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => window.__benchKeys.push(performance.now() - t0);
      channel.port2.postMessage(null);
    });
  }, true);
})();`;

/**
 * Types `text` at the end of the field, a key every `delayMs` as a person types, and returns the
 * time each key took to show (see keystrokeProbe); throws when the field does not end with the text.
 */
export async function typeInto(page: Page, field: Locator, text: string, delayMs: number): Promise<number[]> {
  await page.evaluate('window.__benchKeys = []');
  await field.focus();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(text, { delay: delayMs });
  await page.waitForFunction((n) => (globalThis as { __benchKeys?: number[] }).__benchKeys?.length === n, text.length, { timeout: 5000 });
  const value = await field.inputValue();
  if (!value.endsWith(text)) throw new Error(`the field holds "${value.slice(-text.length - 10)}", not the typed "${text}" at its end`);
  return (await page.evaluate('window.__benchKeys')) as number[];
}
