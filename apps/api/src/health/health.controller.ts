import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../identity/access.decorator';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(HealthService) private readonly dependencies: HealthService,
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
    return this.health.check(this.dependencies.checks());
  }
}
