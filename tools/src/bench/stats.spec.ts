import { latencies, rank } from './stats';

describe('benchmark statistics', () => {
  it('takes percentiles by nearest rank from every sample, not estimated between buckets', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted
    expect([rank(samples, 50), rank(samples, 95), rank(samples, 99), rank(samples, 100)]).toEqual([50, 95, 99, 100]);
    expect(rank([7], 99)).toBe(7);
    expect(rank([], 50)).toBeNaN();
  });

  it('reports count, p50, p95, p99 and max to 0.1 ms', () => {
    expect(latencies([12.34, 1.01, 3.55, 40.06])).toEqual({ count: 4, p50: 3.6, p95: 40.1, p99: 40.1, max: 40.1 });
    expect(latencies([])).toEqual({ count: 0, p50: null, p95: null, p99: null, max: null });
  });
});
