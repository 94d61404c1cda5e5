import autocannon from 'autocannon';
import { Pool } from 'pg';
import { percentile, reportBench, startBenchStack } from './bench-stack';

/**
 * `npm run bench:access`: an audited GET of one fokusperson through the real HTTP api (JWT,
 * need-to-know decision, decrypt, access-log row in the same transaction) at 32 connections,
 * against a baseline of the same SQL issued directly with pg at the same concurrency.
 */
const CONNECTIONS = 32;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);

async function main(): Promise<void> {
  const stack = await startBenchStack();
  try {
    const coordinator = await stack.tokenFor('koordinator.pcb');
    const forum = (await (await fetch(`${stack.apiUrl}/api/v1/me`, { headers: { authorization: `Bearer ${coordinator}` } })).json()) as { id: string; fora: { id: string }[] };
    const created = await fetch(`${stack.apiUrl}/api/v1/fokuspersoner`, {
      method: 'POST',
      headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        forumId: forum.fora[0].id,
        cpr: '010190-1234',
        name: 'Bench Borger',
        criteria: { challenges: ['OTHER_CHALLENGE'], frequentContactWith: ['POLICE'], reason: 'Benchmark af adgangsloggen' },
      }),
    });
    const person = (await created.json()) as { id: string };
    if (created.status !== 201) throw new Error(`could not create the benchmark person: ${JSON.stringify(person)}`);
    const url = `${stack.apiUrl}/api/v1/fokuspersoner/${person.id}`;

    // Warm-up, then the measured run.
    await autocannon({ url, connections: CONNECTIONS, duration: 3, headers: { authorization: `Bearer ${coordinator}` } });
    const api = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: { authorization: `Bearer ${coordinator}` } });
    const apiErrors = api.errors + api.non2xx;

    const baseline = await pgBaseline(stack.databaseUrl, person.id, forum.id);
    const apiRps = api.requests.average;
    const result = {
      benchmark: 'bench:access',
      connections: CONNECTIONS,
      seconds: SECONDS,
      api: { reqPerSec: Math.round(apiRps), p50ms: api.latency.p50, p99ms: api.latency.p99, errors: apiErrors, requests: api.requests.total },
      baseline: { txPerSec: Math.round(baseline.rps), p50ms: baseline.p50, p99ms: baseline.p99 },
      ratio: Number((apiRps / baseline.rps).toFixed(2)),
      targets: { reqPerSec: 1500, ratio: 0.5, p99ms: 50 },
    };
    await reportBench(stack.databaseUrl, result);
    process.stdout.write(
      `\naudited GET via API: ${result.api.reqPerSec} req/s, p50 ${result.api.p50ms} ms, p99 ${result.api.p99ms} ms, errors ${apiErrors}\n` +
        `same SQL via pg:     ${result.baseline.txPerSec} tx/s, p50 ${result.baseline.p50ms} ms, p99 ${result.baseline.p99ms} ms\n` +
        `ratio API/baseline:  ${result.ratio}\n`,
    );
  } finally {
    await stack.stop();
  }
}

/** The api's statements for this GET, straight through pg: read + membership + log row, one transaction. */
async function pgBaseline(databaseUrl: string, fokuspersonId: string, userId: string) {
  const pool = new Pool({ connectionString: databaseUrl, max: CONNECTIONS });
  pool.on('error', () => undefined); // idle clients see the server stop at the end
  const latencies: number[] = [];
  const deadline = Date.now() + SECONDS * 1000;
  const started = Date.now();
  const loop = async () => {
    const client = await pool.connect();
    try {
      while (Date.now() < deadline) {
        const t0 = performance.now();
        await client.query('BEGIN');
        const { rows } = await client.query(
          `SELECT id, forum_id, status, key_id, cpr_ciphertext, name_ciphertext, details_ciphertext, version FROM fokusperson WHERE id = $1`,
          [fokuspersonId],
        );
        await client.query(
          `SELECT coalesce((SELECT array_agg(authority_id) FROM forum_authority WHERE forum_id = f.id), '{}') AS authorities,
                  EXISTS (SELECT 1 FROM forum_member WHERE forum_id = f.id AND user_id = $2) AS is_member
             FROM forum f WHERE f.id = $1`,
          [rows[0].forum_id, userId],
        );
        await client.query(
          `INSERT INTO access_log (actor_user_id, actor_username, actor_authority_id, actor_roles, action, resource_type, resource_id,
                                   fokusperson_id, purpose, outcome) VALUES ($1, 'bench', NULL, '{COORDINATOR}', 'READ', 'Fokusperson', $2, $3, 'PSP_COORDINATION', 'ALLOWED')`,
          [userId, fokuspersonId, fokuspersonId],
        );
        await client.query('COMMIT');
        latencies.push(performance.now() - t0);
      }
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  const elapsed = (Date.now() - started) / 1000;
  await pool.end();
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, p50: Number(percentile(latencies, 50).toFixed(2)), p99: Number(percentile(latencies, 99).toFixed(2)) };
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:access failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
