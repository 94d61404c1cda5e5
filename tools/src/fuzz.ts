import { execFileSync, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBenchStack } from './bench/bench-stack';
import { repoRoot } from './paths';

/**
 * `npm run test:fuzz`: schemathesis (from PyPI, installed into .tools/fuzz on first use) against
 * the api's OpenAPI document, once with a token of each role, with all of its checks and all of
 * its phases: examples, coverage (boundary values, unsupported methods), fuzzing, and stateful
 * sequences (links schemathesis infers from the document: an id a response gives is used by the
 * operations that take it). So: no 5xx; every response conforms to its documented status, schema,
 * content type and headers; a request the document allows is taken (or refused only for a reason
 * the document names), one it forbids is refused; a method the api does not serve is 405 with
 * Allow; auth is not ignored; a created resource is found, a deleted one gone.
 *
 * Each run draws a new seed and prints it; FUZZ_SEED=<seed> draws the same requests again (on a new
 * throw-away system, whose ids differ, so sequences that use them may differ). FUZZ_ROLES=ADMIN,AUDITOR
 * runs only those roles, FUZZ_MAX_EXAMPLES lowers the examples per operation (default 25).
 *
 * By default it runs against a throw-away system of its own (PostgreSQL, Temporal dev server,
 * worker, api), because fuzzing changes data (an administrator's run deactivates users and fora).
 * With FUZZ_API_URL it fuzzes that running system instead (e.g. `npm start`'s, tokens from
 * `npm run token`).
 */
const SCHEMATHESIS = 'schemathesis==4.32.5';
const ALL_ROLES: [string, string][] = [
  ['COORDINATOR', 'koordinator.pcb'],
  ['CASEWORKER', 'sagsbehandler.egedal'],
  ['SUPERVISOR', 'leder.egedal'],
  ['AUDITOR', 'revisor'],
  ['ADMIN', 'admin'],
];
/** FUZZ_ROLES=ADMIN,AUDITOR runs only those. */
const ROLES = ALL_ROLES.filter(([role]) => !process.env['FUZZ_ROLES'] || process.env['FUZZ_ROLES'].split(',').includes(role));

/**
 * schemathesis's configuration. No check is excluded. Two expected-status lists are widened, each
 * by statuses the document names and no JSON Schema can rule out:
 * - 413: a body larger than 64 kB (BODY_LIMIT, documented on every operation with a body) is
 *   refused whether or not it meets its schema; a schema cannot state a size in bytes. Without it a
 *   large valid body fails positive_data_acceptance, and a large invalid one (e.g. 1001 minutes
 *   items, refused for its size before its content is read) negative_data_rejection.
 * - 422 (positive_data_acceptance only; negative_data_rejection expects it anyway): a well-formed
 *   request that breaks a rule depending on other data or on the date, which no schema can state
 *   (an assignee must work in the step's owner authority, a due date must not be past). The api
 *   answers these 422 (RuleViolationError), every other refusal of input 400, and each operation
 *   that can answer 422 documents it with the rules (status_code_conformance holds it to that).
 */
const SCHEMATHESIS_CONFIG = `
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "413", "422", "429", "5xx"]

[checks.negative_data_rejection]
expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"]
`;

function ensureSchemathesis(): string {
  const venv = join(repoRoot(), '.tools', 'fuzz');
  const st = join(venv, 'bin', 'st');
  if (existsSync(st)) return st;
  process.stdout.write(`Installing ${SCHEMATHESIS} from PyPI into ${venv} ...\n`);
  mkdirSync(join(repoRoot(), '.tools'), { recursive: true });
  const steps: [string, string[]][] = [
    ['python3', ['-m', 'venv', venv]],
    [join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', SCHEMATHESIS]],
  ];
  for (const [cmd, args] of steps) {
    const r = spawnSync(cmd, args, { stdio: 'inherit' });
    if (r.status !== 0) {
      process.stderr.write(`Could not install schemathesis (${cmd} ${args.join(' ')} failed). It needs Python 3 with venv and access to PyPI.\n`);
      process.exit(1);
    }
  }
  return st;
}

async function main(): Promise<void> {
  const st = ensureSchemathesis();
  const seed = process.env['FUZZ_SEED'] ?? String(randomInt(1, 2 ** 31));
  // schemathesis keeps its crash files and hypothesis its examples in the working directory: here,
  // outside the repository, where `st replay <id>` finds them.
  const work = join(repoRoot(), '.tools', 'fuzz', 'work');
  mkdirSync(work, { recursive: true });
  const config = join(work, 'schemathesis.toml');
  writeFileSync(config, SCHEMATHESIS_CONFIG);
  process.stdout.write(`test:fuzz seed ${seed} (replay this run with FUZZ_SEED=${seed})\n`);
  const external = process.env['FUZZ_API_URL'];
  const stack = external ? undefined : await startBenchStack({ withWorker: true });
  try {
    const apiUrl = external ?? stack!.apiUrl;
    let ready: Response | undefined;
    for (let i = 0; i < 150 && ready?.status !== 200; i++) {
      ready = await fetch(`${apiUrl}/health/ready`).catch(() => undefined);
      if (ready?.status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    if (ready?.status !== 200) throw new Error(`the api at ${apiUrl} is not ready (${ready ? ready.status : 'no answer'}); is the system running (npm start)?`);
    // Every token first: a run as administrator may deactivate the users of the others.
    const tokens = new Map<string, string>();
    for (const [, username] of ROLES) {
      tokens.set(username, stack ? await stack.tokenFor(username) : execFileSync(process.execPath, [join(repoRoot(), 'dist/tools/src/token.js'), username], { encoding: 'utf8' }).trim());
    }
    const examples = process.env['FUZZ_MAX_EXAMPLES'] ?? '25';
    const failed: string[] = [];
    for (const [role, username] of ROLES) {
      process.stdout.write(`\n=== ${role} (${username}): ${examples} examples per operation against ${apiUrl} ===\n`);
      const r = spawnSync(
        st,
        [
          '--config-file',
          config,
          'run',
          `${apiUrl}/docs-json`,
          '--header',
          `Authorization: Bearer ${tokens.get(username)}`,
          '--checks',
          'all',
          '--max-examples',
          examples,
          '--phases',
          'examples,coverage,fuzzing,stateful',
          // One worker: hypothesis's lambda-description cache is not thread-safe (KeyError under --workers 2).
          '--workers',
          '1',
          '--seed',
          seed,
          // No example database: a run is its seed (and the system's data), not also earlier runs' finds.
          '--generation-database',
          'none',
          '--warnings',
          'off',
        ],
        { stdio: 'inherit', cwd: work, env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false', PYTHONUNBUFFERED: '1' } },
      );
      if (r.status !== 0) failed.push(role);
    }
    await reportReach(apiUrl);
    if (failed.length > 0) {
      throw new Error(`schemathesis found problems for ${failed.join(', ')} (seed ${seed}: replay with FUZZ_SEED=${seed}, or one case with \`cd ${work} && ${st} replay <id>\`)`);
    }
    process.stdout.write(`\ntest:fuzz passed for every role (${ROLES.map(([r]) => r).join(', ')}), seed ${seed}\n`);
  } finally {
    await stack?.stop();
  }
}

/**
 * Which documented (operation, status) pairs the fuzzer reached, from the api's own request
 * metrics. Informational: states the fuzzer cannot build (a 409 needs a locked agenda, a 503 a
 * database that is down) are reached by the integration and fault tests instead.
 */
async function reportReach(apiUrl: string): Promise<void> {
  // The runs block this process (spawnSync), so the kept-alive socket of the readiness check was
  // closed by the server unnoticed: let the event loop see that before fetching again.
  await new Promise((r) => setTimeout(r, 200));
  const get = async (path: string) => (await fetch(`${apiUrl}${path}`)).text();
  const doc = JSON.parse(await get('/docs-json')) as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
  const metrics = await get('/metrics');
  const seen = new Set<string>();
  for (const m of metrics.matchAll(/^psp_http_request_duration_seconds_count\{method="(\w+)",route="([^"]+)",status="(\d+)"\}/gm)) {
    seen.add(`${m[1]} ${m[2]!.replace(/:(\w+)/g, '{$1}')} ${m[3]}`);
  }
  const missing: string[] = [];
  let documented = 0;
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      for (const status of Object.keys(op.responses ?? {})) {
        documented++;
        if (!seen.has(`${method.toUpperCase()} ${path} ${status}`)) missing.push(`${method.toUpperCase()} ${path} ${status}`);
      }
    }
  }
  const byStatus = new Map<string, number>();
  for (const m of missing) byStatus.set(m.split(' ')[2]!, (byStatus.get(m.split(' ')[2]!) ?? 0) + 1);
  process.stdout.write(
    `\nDocumented (operation, status) pairs the fuzzer reached: ${documented - missing.length} of ${documented}. ` +
      `Not reached, by status: ${[...byStatus].sort().map(([st, n]) => `${st}: ${n}`).join(', ') || 'none'}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`test:fuzz failed: ${err instanceof Error ? `${err.message}${err.cause ? ` (${String((err.cause as Error).message ?? err.cause)})` : ""}` : String(err)}\n`);
  process.exit(1);
});
