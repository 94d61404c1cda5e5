import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorFunction } from '@nestjs/terminus';
import type { ApiConfig } from '@psp/config';
import { pingDatabase } from '@psp/persistence';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DataSource } from 'typeorm';
import { API_CONFIG } from '../config.token';

/** A worker polls at least once a minute (long polls last 60 s); older than this means none is alive. */
const POLLER_FRESH_MS = 75_000;

/** Whether the api's dependencies are up: PostgreSQL, Temporal and a worker polling the task queue. */
@Injectable()
export class HealthService {
  constructor(
    private readonly indicator: HealthIndicatorService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Client) private readonly temporalClient: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** The checks readiness runs: each names its dependency and says what is wrong. */
  checks(): HealthIndicatorFunction[] {
    return [
      () =>
        this.indicator
          .check('database')
          .attempt(() => pingDatabase(this.dataSource))
          .withTimeout(2000),
      () =>
        this.indicator
          .check('temporal')
          .attempt(async () => {
            await this.temporalClient.connection.ensureConnected();
            await this.temporalClient.workflowService.getSystemInfo({});
          })
          .withTimeout(2000),
      () =>
        this.indicator
          .check('worker')
          .attempt(async () => {
            const { pollers } = await this.temporalClient.workflowService.describeTaskQueue({
              namespace: this.config.temporal.namespace,
              taskQueue: { name: this.config.temporal.taskQueue },
              taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
            });
            const now = Date.now();
            const fresh = pollers.filter((p) => {
              const seconds = Number(p.lastAccessTime?.seconds ?? 0);
              return now - seconds * 1000 < POLLER_FRESH_MS;
            });
            if (fresh.length === 0) throw new Error(`no worker is polling task queue ${this.config.temporal.taskQueue}`);
            return { pollers: fresh.length };
          })
          .withTimeout(2000),
    ];
  }
}
