import { join } from 'node:path';
import { Client } from 'pg';
import { repoRoot } from '../paths';
import { freePort, startProcess, waitFor } from '../processes';
import { reportBench, startBenchStack, type BenchStack } from './bench-stack';
import { loadTest } from './stats';

/**
 * `npm run bench:access`: an audited GET of one fokusperson at 32 connections, measured side by
 * side in one run against two yardsticks that live in the benchmark (yardstick.ts), never in the
 * product:
 * - the api: HTTP, the token, need-to-know, decryption, the access-log row in the same transaction;
 * - (a) the same request as a bare node:http + pg handler running exactly the api's statements,
 *   decryption and JSON with the api's pool size: the limit of this design on this machine;
 * - (b) that handler without the access-log row: the price of the audit.
 * api/(a) says what the framework costs, (a)/(b) what the audit costs. Each gets a warm-up that is
 * not counted, then the measured run; percentiles are exact, from every response.
 */
const CONNECTIONS = 32;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);
const WARMUP_SECONDS = 3;

async function main(): Promise<void> {
  const stack = await startBenchStack();
  try {
    const coordinator = await stack.tokenFor('koordinator.pcb');
    const headers = { authorization: `Bearer ${coordinator}` };
    const me = (await (await fetch(`${stack.apiUrl}/api/v1/me`, { headers })).json()) as { id: string; username: string; authority: { id: string }; roles: string[]; fora: { id: string }[] };
    const created = await fetch(`${stack.apiUrl}/api/v1/fokuspersoner`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        forumId: me.fora[0]!.id,
        cpr: '010190-1234',
        name: 'Bench Borger',
        criteria: { challenges: ['OTHER_CHALLENGE'], frequentContactWith: ['POLICE'], reason: 'Benchmark af adgangsloggen' },
      }),
    });
    const person = (await created.json()) as { id: string };
    if (created.status !== 201) throw new Error(`could not create the benchmark person: ${JSON.stringify(person)}`);
    const path = `/api/v1/fokuspersoner/${person.id}`;
    const actor = { userId: me.id, username: me.username, authorityId: me.authority.id, roles: me.roles };

    const measure = async (baseUrl: string, extraHeaders: Record<string, string>) => {
      const options = { url: `${baseUrl}${path}`, connections: CONNECTIONS, headers: extraHeaders };
      await loadTest({ ...options, duration: WARMUP_SECONDS });
      return loadTest({ ...options, duration: SECONDS });
    };
    const logRows = async () => {
      const c = new Client({ connectionString: stack.databaseUrl });
      await c.connect();
      const n = Number((await c.query(`SELECT count(*) AS n FROM access_log WHERE fokusperson_id = $1 AND action = 'READ'`, [person.id])).rows[0].n);
      await c.end();
      return n;
    };

    const api = await measure(stack.apiUrl, headers);
    const beforeA = await logRows();
    const a = await withYardstick(stack, actor, 'on', (url) => measure(url, {}));
    const loggedByA = (await logRows()) - beforeA;
    const b = await withYardstick(stack, actor, 'off', (url) => measure(url, {}));
    const loggedByB = (await logRows()) - beforeA - loggedByA;
    const ratio = (x: number, y: number) => Number((x / y).toFixed(2));
    const result = {
      benchmark: 'bench:access',
      connections: CONNECTIONS,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      api,
      yardstickA: { ...a, what: 'node:http + pg, the api’s statements, decryption and JSON, the api’s pool size', accessLogRowsWritten: loggedByA },
      yardstickB: { ...b, what: 'yardstick (a) without the access-log row', accessLogRowsWritten: loggedByB },
      ratios: { apiToA: ratio(api.reqPerSec, a.reqPerSec), aToB: ratio(a.reqPerSec, b.reqPerSec) },
      targets: { apiToA: 0.8, aToB: 0.7, p99ms: 50 },
    };
    await reportBench(stack, result);
    const line = (name: string, r: typeof api) => `${name.padEnd(34)} ${r.reqPerSec} req/s, p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, p99 ${r.latencyMs.p99} ms, errors ${r.errors}`;
    process.stdout.write(
      `\nbench:access (${CONNECTIONS} connections, ${SECONDS} s each)\n` +
        `  ${line('api', api)}  -> p99 < 50 ms ${(api.latencyMs.p99 ?? Infinity) < 50 ? 'met' : 'MISSED'}\n` +
        `  ${line('(a) node:http + pg, same work', a)}\n` +
        `  ${line('(b) (a) without the log row', b)}\n` +
        `  api/(a) ${result.ratios.apiToA} (target 0.8: ${result.ratios.apiToA >= 0.8 ? 'met' : 'MISSED'}), (a)/(b) ${result.ratios.aToB} (target 0.7: ${result.ratios.aToB >= 0.7 ? 'met' : 'MISSED'})\n`,
    );
  } finally {
    await stack.stop();
  }
}

/** Runs yardstick.ts as its own process with the api's settings while `use` measures it. */
async function withYardstick<T>(stack: BenchStack, actor: object, log: 'on' | 'off', use: (url: string) => Promise<T>): Promise<T> {
  const port = await freePort();
  const server = startProcess('yardstick', process.execPath, [join(repoRoot(), 'dist/tools/src/bench/yardstick.js')], {
    quiet: process.env['BENCH_VERBOSE'] === undefined,
    env: { ...process.env, ...stack.apiEnv, YARDSTICK_PORT: String(port), YARDSTICK_LOG: log, YARDSTICK_ACTOR: JSON.stringify(actor) },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor('yardstick', async () => {
      const r = await fetch(`${url}/`);
      if (r.status !== 404) throw new Error(String(r.status));
    }, 10_000, server.exited);
    return await use(url);
  } finally {
    await server.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:access failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
