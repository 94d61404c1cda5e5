import { Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { ApiConfig } from '@psp/config';
import { NotFoundError, ROLES } from '@psp/domain';
import { WebSessionRepository, type WebSession } from '@psp/persistence';
import type { Request } from 'express';
import { NoPersonalData } from '../audit/personal-data.decorator';
import { API_CONFIG } from '../config.token';
import { Access } from './access.decorator';
import { readCookie, sessionCookieName } from './session-cookie';

export class SessionResponse {
  @ApiProperty({ description: 'When the session ends unless the person does something' }) idleExpiresAt!: string;
  @ApiProperty({ description: 'When the session ends whatever happens' }) absoluteExpiresAt!: string;
  @ApiProperty({ description: 'The idle timeout, in seconds' }) idleTimeoutSeconds!: number;
}

/** The browser session's timeouts, so the page can warn before the idle timeout. */
@ApiTags('sign-in')
@NoPersonalData("the caller's own session")
@ApiNotFoundResponse({ description: 'The request was not made with a browser session (a bearer token has no session)' })
@Controller('api/v1/me/session')
export class SessionController {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(WebSessionRepository) private readonly sessions: WebSessionRepository,
  ) {}

  @Get()
  @Access('The browser session’s idle and absolute expiry (reading it does not extend it)', ...ROLES)
  @ApiOkResponse({ type: SessionResponse })
  async get(@Req() req: Request): Promise<SessionResponse> {
    return this.view(await this.sessions.find(this.sessionId(req), undefined));
  }

  @Post('extend')
  @HttpCode(200)
  @Access('Stay signed in: moves the idle expiry forward (never past the absolute one)', ...ROLES)
  @ApiOkResponse({ type: SessionResponse })
  async extend(@Req() req: Request): Promise<SessionResponse> {
    return this.view(await this.sessions.extend(this.sessionId(req), this.config.session.idleMinutes));
  }

  private sessionId(req: Request): string {
    const id = req.headers.authorization ? undefined : readCookie(req, sessionCookieName(this.config.session));
    if (!id) throw new NotFoundError('Browser session', 'of this request (a bearer token has none)');
    return id;
  }

  private view(s: WebSession | undefined): SessionResponse {
    if (!s) throw new NotFoundError('Browser session', 'of this request');
    return { idleExpiresAt: s.idleExpiresAt.toISOString(), absoluteExpiresAt: s.absoluteExpiresAt.toISOString(), idleTimeoutSeconds: this.config.session.idleMinutes * 60 };
  }
}
