import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startBenchStack } from './bench/bench-stack';
import { repoRoot } from './paths';

/**
 * `npm run test:fuzz`: schemathesis (from PyPI, installed into .tools/fuzz on first use) against
 * the api's OpenAPI document, once with a token of each role. Checks: no 5xx, every response
 * conforms to its documented schema and content type, and no undocumented status code.
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
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'response_schema_conformance', 'content_type_conformance'];

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
          'run',
          `${apiUrl}/docs-json`,
          '--header',
          `Authorization: Bearer ${tokens.get(username)}`,
          '--checks',
          CHECKS.join(','),
          '--max-examples',
          examples,
          '--phases',
          'examples,coverage,fuzzing',
          // One worker: hypothesis's lambda-description cache is not thread-safe (KeyError under --workers 2).
          '--workers',
          '1',
          '--seed',
          process.env['FUZZ_SEED'] ?? '20261125',
          '--warnings',
          'off',
        ],
        { stdio: 'inherit', env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false', PYTHONUNBUFFERED: '1' } },
      );
      if (r.status !== 0) failed.push(role);
    }
    await reportReach(apiUrl);
    if (failed.length > 0) throw new Error(`schemathesis found problems for ${failed.join(', ')}`);
    process.stdout.write(`\ntest:fuzz passed for every role (${ROLES.map(([r]) => r).join(', ')})\n`);
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
