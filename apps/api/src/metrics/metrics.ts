import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The api's Prometheus metrics (one registry per application instance, so tests do not share counters). */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'psp_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly authFailures = new Counter({
    name: 'psp_auth_failures_total',
    help: 'Requests refused for a missing or invalid token, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly accessLogRows = new Counter({
    name: 'psp_access_log_rows_total',
    help: 'Access-log rows written by the api, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly accessLogAppendRows = new Histogram({
    name: 'psp_access_log_read_append_rows',
    help: 'Rows per statement that appended reads\' access-log rows (reads waiting at the same time share one)',
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'psp_api_' });
  }
}
