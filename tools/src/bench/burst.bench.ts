import { addBusinessDays, copenhagenDate } from '@psp/domain';
import { acceptedPersons, egedalSteps, runStackBench, settleNotices } from './bench-stack';
import { latencies } from './stats';

/**
 * `npm run bench:burst`: 1,000 helhedsplan steps created through the api as fast as it answers, at
 * 24 and then at 64 requests in parallel, on the whole stack (each creation starts its step
 * workflow inside its transaction). Every answer is counted: the target is 0 errors at both; the
 * database pool's size and its wait for a connection are the api's defaults unless
 * BENCH_API_ENV_DATABASE_POOL_SIZE / BENCH_API_ENV_DATABASE_ACQUIRE_TIMEOUT_MS say otherwise.
 */
const STEPS = Number(process.env['BENCH_BURST_STEPS'] ?? 1000);
const PARALLEL = (process.env['BENCH_BURST_PARALLEL'] ?? '24,64').split(',').map(Number);
const PERSONS = 20;
/** Settings given to the api for this run (BENCH_API_ENV_X=v: X=v). */
const API_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('BENCH_API_ENV_')).map(([k, v]) => [k.slice('BENCH_API_ENV_'.length), v]));

runStackBench(
  'bench:burst',
  async (stack, db) => {
    const { call, forumId, owner, assignee, token } = await egedalSteps(stack, db);
    const persons = await acceptedPersons(stack.apiUrl, token, forumId, PERSONS, 4, 'Byge Borger');
    const dueDate = addBusinessDays(copenhagenDate(new Date()), 10);
    let created = 0;
    const runs = [];
    for (const parallel of PARALLEL) {
      const ms: number[] = [];
      const failures: Record<string, number> = {};
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: parallel }, async () => {
          for (let i = next++; i < STEPS; i = next++) {
            const t0 = performance.now();
            const res = await call('POST', `/api/v1/fokuspersoner/${persons[i % PERSONS]}/helhedsplan/steps`, {
              description: `Byge ${parallel}: opfølgning ${i + 1}`,
              ownerAuthorityId: owner,
              assigneeUserId: assignee,
              dueDate,
            });
            ms.push(performance.now() - t0);
            if (res.status !== 201) {
              const key = `${res.status} ${String(res.body['message'] ?? '')}`.slice(0, 160);
              failures[key] = (failures[key] ?? 0) + 1;
            } else created++;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      // The worker's share (each step's assignment notice) is done before the next burst.
      const settledSeconds = await settleNotices(db, created);
      runs.push({
        parallel,
        steps: STEPS,
        seconds: Number(seconds.toFixed(1)),
        perSecond: Number((STEPS / seconds).toFixed(1)),
        latencyMs: latencies(ms),
        errors: Object.values(failures).reduce((a, n) => a + n, 0),
        failures,
        noticesSettledSeconds: settledSeconds,
      });
    }
    return { benchmark: 'bench:burst', persons: PERSONS, runs, apiSettings: API_ENV, targets: { errors: 0 } };
  },
  {
    extraEnv: API_ENV,
    summary: (r) =>
      `\nbench:burst\n${r.runs.map((x) => `  ${x.parallel} parallel: ${x.steps} steps in ${x.seconds} s (${x.perSecond}/s), p50 ${x.latencyMs.p50} ms, p99 ${x.latencyMs.p99} ms, max ${x.latencyMs.max} ms, errors ${x.errors}${x.errors ? ` ${JSON.stringify(x.failures)}` : ''}`).join('\n')}\n`,
  },
);
