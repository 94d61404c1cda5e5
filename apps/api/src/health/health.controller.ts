import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { ApiConfig } from '@psp/config';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DataSource } from 'typeorm';
import { API_CONFIG } from '../config.token';
import { Public } from '../identity/access.decorator';

/** A worker polls at least once a minute (long polls last 60 s); older than this means none is alive. */
const POLLER_FRESH_MS = 75_000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Client) private readonly temporalClient: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Get('live')
  @Public('Liveness: the api process answers')
  @ApiOkResponse({ description: 'The process is alive' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public('Readiness: PostgreSQL, Temporal and a polling worker are all up')
  @HealthCheck()
  @ApiOkResponse({ description: 'All dependencies are up' })
  @ApiServiceUnavailableResponse({ description: 'At least one dependency is down; the body names it' })
  ready() {
    return this.health.check([
      () =>
        this.indicator
          .check('database')
          .attempt(async () => {
            await this.dataSource.query('SELECT 1');
          })
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
    ]);
  }
}
