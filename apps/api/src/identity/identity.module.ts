import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { ApiConfig } from '@psp/config';
import { API_CONFIG } from '../config.token';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { AuthGuard } from './auth.guard';
import { JwtVerifier } from './jwt-verifier';
import { MeController } from './me.controller';

@Module({
  providers: [
    { provide: JwtVerifier, inject: [API_CONFIG], useFactory: (c: ApiConfig) => new JwtVerifier(c.jwt) },
    { provide: AuthFailureLimiter, inject: [API_CONFIG], useFactory: (c: ApiConfig) => new AuthFailureLimiter(c.http.authFailureLimit) },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  controllers: [MeController],
})
export class IdentityModule {}
