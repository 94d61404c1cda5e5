import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { ApiConfig } from '@psp/config';
import { WebSessionRepository } from '@psp/persistence';
import { DataSource } from 'typeorm';
import { API_CONFIG } from '../config.token';
import { AuthController, SIGNED_OUT_PAGE } from './auth.controller';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { AuthGuard } from './auth.guard';
import { JwtVerifier } from './jwt-verifier';
import { MeController } from './me.controller';
import { MeService } from './me.service';
import { OidcClient } from './oidc-client';
import { SessionController } from './session.controller';
import { UserDirectory } from './user-directory';

@Global()
@Module({
  providers: [
    { provide: JwtVerifier, inject: [API_CONFIG], useFactory: (c: ApiConfig) => new JwtVerifier(c.jwt, c.identityClaim) },
    { provide: AuthFailureLimiter, inject: [API_CONFIG], useFactory: (c: ApiConfig) => new AuthFailureLimiter(c.http.authFailureLimit) },
    { provide: WebSessionRepository, inject: [DataSource], useFactory: (d: DataSource) => new WebSessionRepository(d) },
    {
      provide: OidcClient,
      inject: [API_CONFIG],
      useFactory: (c: ApiConfig) => (c.oidc ? new OidcClient(c.oidc, `${c.http.publicBaseUrl}/auth/callback`, `${c.webBaseUrl}${SIGNED_OUT_PAGE}`) : null),
    },
    UserDirectory,
    MeService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  controllers: [MeController, SessionController, AuthController],
  exports: [UserDirectory],
})
export class IdentityModule {}
