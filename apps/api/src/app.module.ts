import { randomUUID } from 'node:crypto';
import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { ApiConfig } from '@psp/config';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { MethodNotAllowedMiddleware } from './common/method-not-allowed';
import { API_CONFIG } from './config.token';
import { CryptoModule } from './crypto/crypto.module';
import { DatabaseModule } from './database/database.module';
import { FokuspersonerModule } from './fokuspersoner/fokuspersoner.module';
import { HealthModule } from './health/health.module';
import { MeetingsModule } from './meetings/meetings.module';
import { MetricsModule } from './metrics/metrics.module';
import { StepsModule } from './steps/steps.module';
import { IdentityModule } from './identity/identity.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OversightModule } from './oversight/oversight.module';
import { TemporalModule } from './temporal/temporal.module';
import { UseCasesModule } from './use-cases/use-cases.module';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

@Module({})
export class AppModule implements NestModule {
  /** After the request logger (its module's middleware runs first), so a 405 is logged with its request id. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(MethodNotAllowedMiddleware).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }

  static register(config: ApiConfig, logStream?: NodeJS.WritableStream): DynamicModule {
    return {
      module: AppModule,
      imports: [
        { module: ConfigHolder, global: true, providers: [{ provide: API_CONFIG, useValue: config }], exports: [API_CONFIG] },
        LoggerModule.forRoot({ pinoHttp: logStream ? [httpLogOptions(config), logStream] : httpLogOptions(config) }),
        MetricsModule,
        DatabaseModule,
        CryptoModule,
        AuditModule,
        TemporalModule,
        UseCasesModule,
        IdentityModule,
        HealthModule,
        AdminModule,
        NotificationsModule,
        FokuspersonerModule,
        StepsModule,
        OversightModule,
        MeetingsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    };
  }
}

@Module({})
class ConfigHolder {}

/** Request logging: request ids, no health-probe noise, and no personal data. */
function httpLogOptions(config: ApiConfig): Options {
  return {
    level: config.logLevel,
    // A caller's request id is kept if it is well-formed, so logs can be joined across systems.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Personal data never reaches the application log, even inside an error's parameters.
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.body',
        'res.body',
        'err.parameters',
        'err.driverError.parameters',
        '*.cpr',
        '*.name',
        '*.justification',
      ],
      censor: '[redacted]',
    },
    autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
    // A request is logged by its id, method, path and status. A query string may name a person or a
    // member of staff (an auditor's search by username): the log keeps the path only. Headers are not
    // logged: they carry credentials and nothing an operator needs, and serialising them for every
    // request (pino binds the request to its logger when the request arrives, whatever the level)
    // was about 7 % of the api's time per request in bench:access's profile.
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

