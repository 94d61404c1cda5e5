import autocannon from 'autocannon';

/**
 * The benchmarks' statistics: exact percentiles of every recorded latency (no estimate between
 * histogram buckets), from measured runs only (warm-up runs are separate and not counted).
 */

/** The p-th percentile by nearest rank: the smallest sample with at least p % of the samples at or below it. */
export function rank(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (n: number) => Math.round(n * 10) / 10;

/** Count and exact percentiles (ms, to 0.1 ms) of recorded latencies. */
export function latencies(samples: readonly number[]) {
  const at = (p: number) => (samples.length ? ms(rank(samples, p)) : null);
  return { count: samples.length, p50: at(50), p95: at(95), p99: at(99), max: at(100) };
}

/**
 * An autocannon run that records the latency of every response (autocannon's own figures are a
 * histogram's, and lack p95): requests per second over the run, exact percentiles, errors.
 */
export async function loadTest(options: autocannon.Options) {
  const recorded: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon(options, (err, r) => (err ? reject(err) : resolve(r)));
    run.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => recorded.push(responseTime));
  });
  return {
    connections: options.connections ?? 10,
    seconds: result.duration,
    reqPerSec: ms(recorded.length / result.duration),
    latencyMs: latencies(recorded),
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** A Prometheus histogram of the worker's metrics (summed over its labels): sum, count, and how many at most `le`. */
export function histogram(text: string, name: string) {
  let sum = 0;
  let count = 0;
  const buckets = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const value = Number(m[3]);
    if (m[1] === `${name}_sum`) sum += value;
    else if (m[1] === `${name}_count`) count += value;
    else if (m[1] === `${name}_bucket`) {
      const le = /le="([^"]+)"/.exec(m[2])![1];
      buckets.set(le, (buckets.get(le) ?? 0) + value);
    }
  }
  return { sum, count, atMost: (le: number) => buckets.get(String(le)) ?? Number.NaN };
}
