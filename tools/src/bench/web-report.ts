import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import { repoRoot } from '../paths';
import { rank } from './stats';
import type { Sample } from './web-browser';

/** What bench:web (web.bench.ts) reports: percentiles, where the time went, the web app's sizes, the summary. */
export const TARGETS = { p95Ms: 1000, editorP95Ms: 1500, keystrokeP95Ms: 50, initialJsGzipKb: 250 };

export function snapshotWebApp(): string {
  const built = process.env['BENCH_WEB_DIST'] ?? join(repoRoot(), 'dist/apps/web');
  if (!existsSync(join(built, 'index.html'))) throw new Error(`${built}/index.html is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'psp-bench-web-'));
  cpSync(built, dir, { recursive: true });
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function stats(samples: number[]) {
  const r = (p: number) => Math.round(rank(samples, p));
  return { p50: r(50), p95: r(95), p99: r(99), max: r(100), min: Math.round(Math.min(...samples)) };
}

export function breakdown(samples: Sample[]) {
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

function sizes(webDist: string, path: string) {
  const file = join(webDist, path.replace(/^\//, ''));
  if (!existsSync(file)) throw new Error(`${path} is named by the page but is not in ${webDist}`);
  const buffer = readFileSync(file);
  return { file: path, rawBytes: buffer.length, gzip9Bytes: gzip(buffer, 9), gzipDefaultBytes: gzip(buffer, constants.Z_DEFAULT_COMPRESSION) };
}

function total(files: ReturnType<typeof sizes>[]) {
  const sum = (k: 'rawBytes' | 'gzip9Bytes' | 'gzipDefaultBytes') => files.reduce((n, f) => n + f[k], 0);
  return { rawBytes: sum('rawBytes'), gzip9Bytes: sum('gzip9Bytes'), gzipDefaultBytes: sum('gzipDefaultBytes'), files };
}

/** The JavaScript and CSS index.html loads before any page: module scripts, module preloads, stylesheets. */
export function initialAssets(webDist: string) {
  const html = readFileSync(join(webDist, 'index.html'), 'utf8');
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
  if (js.length === 0) throw new Error(`${webDist}/index.html names no script`);
  return { js: total(js.map((p) => sizes(webDist, p))), css: total(css.map((p) => sizes(webDist, p))) };
}

/** The JavaScript a page actually loaded (index.html's and the page's own chunks). */
export function jsLoaded(webDist: string, paths: string[]) {
  const t = total([...new Set(paths)].map((p) => sizes(webDist, p)));
  return { rawBytes: t.rawBytes, gzipDefaultBytes: t.gzipDefaultBytes, files: t.files.map((f) => f.file) };
}

export const round2 = (n: number) => Math.round(n * 100) / 100;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export function summary(result: { benchmark: string } & Record<string, unknown>): string {
  const r = result as unknown as {
    pages: Record<
      string,
      {
        path: string;
        rowsExpected: number;
        targetMs: number;
        warm: { runs: number; p50: number; p95: number; p99: number; max: number; breakdownP50: Record<string, number | null> };
        cold: { renderedMs: number[] };
      }
    >;
    loadAverage1m: { atStart: number; atEnd: number };
    initialAssets: { js: { rawBytes: number; gzip9Bytes: number; gzipDefaultBytes: number }; css: { rawBytes: number; gzipDefaultBytes: number } };
    met: Record<string, boolean>;
    typing: { visits: number; keyDelayMs: number; keystrokes: number; keystrokeMs: { p50: number; p95: number; p99: number; max: number }; savedAfterTypingStoppedMs: { p50: number; max: number } } | null;
    errors: number;
    errorLog: string[];
  };
  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const lines = ['', 'bench:web'];
  for (const [name, p] of Object.entries(r.pages)) {
    lines.push(
      `  ${name.padEnd(10)} ${String(p.rowsExpected).padStart(3)} rows: warm p50 ${p.warm.p50} ms, p95 ${p.warm.p95} ms, p99 ${p.warm.p99} ms, max ${p.warm.max} ms (${p.warm.runs} runs); cold ${p.cold.renderedMs.join(', ')} ms  -> p95 < ${p.targetMs} ms ${mark(r.met[`${name}P95`] === true)}`,
    );
    const b = p.warm.breakdownP50;
    lines.push(`             warm p50 timeline: /api/v1/me asked ${b['meAskedMs']} ms, answered ${b['meAnsweredMs']}; list data asked ${b['dataAskedMs']}, answered ${b['dataAnsweredMs']}; list in DOM ${b['listInDomMs']}, drawn ${b['renderedMs']}`);
  }
  const k = r.typing;
  lines.push(
    k
      ? `  typing in the minutes: ${k.keystrokes} keys (a key every ${k.keyDelayMs} ms, ${k.visits} visits): key to drawn p50 ${k.keystrokeMs.p50} ms, p95 ${k.keystrokeMs.p95} ms, p99 ${k.keystrokeMs.p99} ms, max ${k.keystrokeMs.max} ms  -> p95 < ${TARGETS.keystrokeP95Ms} ms ${mark(r.met['keystrokeP95'] === true)}; saved ${k.savedAfterTypingStoppedMs.p50} ms (max ${k.savedAfterTypingStoppedMs.max}) after typing stopped`
      : `  typing in the minutes: not measured (see errors)  -> MISSED`,
  );
  const js = r.initialAssets.js;
  lines.push(`  initial JS: ${kb(js.gzipDefaultBytes)} gzip (level 9: ${kb(js.gzip9Bytes)}; raw ${kb(js.rawBytes)})  -> < ${TARGETS.initialJsGzipKb} kB ${mark(r.met['initialJs'] === true)}`);
  lines.push(`  CSS (no target): ${kb(r.initialAssets.css.gzipDefaultBytes)} gzip, raw ${kb(r.initialAssets.css.rawBytes)}`);
  lines.push(`  load average (1 min) at start ${r.loadAverage1m.atStart}, at end ${r.loadAverage1m.atEnd}`);
  lines.push(`  errors: ${r.errors}${r.errorLog.length ? `\n    ${r.errorLog.join('\n    ')}` : ''}`);
  return `${lines.join('\n')}\n`;
}
