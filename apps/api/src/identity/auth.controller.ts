import { Controller, Get, HttpCode, HttpException, HttpStatus, Inject, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiFoundResponse, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { ApiConfig } from '@psp/config';
import { AccessDeniedError } from '@psp/domain';
import { randomSecret, WebSessionRepository } from '@psp/persistence';
import type { Request, Response } from 'express';
import { API_CONFIG } from '../config.token';
import { Public } from './access.decorator';
import { OidcClient } from './oidc-client';
import { clearCookie, crossSiteRefusal, loginCookieName, readCookie, safeReturnTo, sessionCookieName, setCookie } from './session-cookie';
import { UserDirectory } from './user-directory';

/** Pages of the web app the sign-in flow sends a person to. */
export const NO_ACCESS_PAGE = '/ingen-adgang';
export const SIGNED_OUT_PAGE = '/logget-ud';
const LOGIN_COOKIE_MS = 10 * 60_000;

class LogoutResponse {
  @ApiProperty({ description: 'Where the browser goes next: the provider’s logout page, or the signed-out page' }) redirectTo!: string;
}

/**
 * Browser sign-in (OpenID Connect, authorization code + PKCE), with the api as the client. The
 * provider says who the person is; the PSP user table says what they may do. The browser gets only
 * a random session id in an HttpOnly cookie; no token reaches the page.
 */
@ApiTags('sign-in')
@Controller('auth')
export class AuthController {
  private readonly log = new Logger('SignIn');

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(WebSessionRepository) private readonly sessions: WebSessionRepository,
    @Inject(UserDirectory) private readonly users: UserDirectory,
    @Inject(OidcClient) private readonly oidc: OidcClient | null,
  ) {}

  private client(): OidcClient {
    if (!this.oidc) throw new HttpException('Browser sign-in is not set up on this server (OIDC_ISSUER_URL); use a bearer token', HttpStatus.NOT_FOUND);
    return this.oidc;
  }

  @Get('login')
  @Public('Browser sign-in: redirects to the identity provider (authorization code + PKCE)')
  @ApiFoundResponse({ description: 'To the identity provider; to /logget-ud?fejl=udbyder when it does not answer' })
  @ApiNotFoundResponse({ description: 'Browser sign-in is not set up on this server' })
  async login(@Query('returnTo') returnTo: unknown, @Res() res: Response): Promise<void> {
    let begun: Awaited<ReturnType<OidcClient['begin']>>;
    try {
      begun = await this.client().begin(safeReturnTo(returnTo));
    } catch (err) {
      if (err instanceof HttpException) throw err;
      this.log.warn(`Sign-in could not start: the identity provider did not answer (${err instanceof Error ? err.message : String(err)})`);
      res.setHeader('Cache-Control', 'no-store');
      return res.redirect(302, `${SIGNED_OUT_PAGE}?fejl=udbyder`);
    }
    const { url, pending } = begun;
    const browser = randomSecret();
    await this.sessions.startLogin(browser, pending);
    setCookie(res, this.config.session, loginCookieName(this.config.session), browser, LOGIN_COOKIE_MS);
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, url);
  }

  @Get('callback')
  @Public('Browser sign-in: the identity provider returns here; a session starts')
  @ApiFoundResponse({ description: 'To the page the sign-in started from; to /ingen-adgang without an active PSP user; to /logget-ud?fejl=login when the sign-in failed' })
  @ApiNotFoundResponse({ description: 'Browser sign-in is not set up on this server' })
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const client = this.client();
    const cookieName = loginCookieName(this.config.session);
    const browser = readCookie(req, cookieName);
    clearCookie(res, this.config.session, cookieName);
    res.setHeader('Cache-Control', 'no-store');
    const pending = browser ? await this.sessions.takeLogin(browser) : undefined;
    if (!pending) {
      this.log.warn('Sign-in refused: no login in progress in this browser (expired, repeated, or started elsewhere)');
      return res.redirect(302, `${SIGNED_OUT_PAGE}?fejl=login`);
    }
    let claims: Record<string, unknown>;
    try {
      claims = await client.finish(new URL(req.originalUrl, this.config.http.publicBaseUrl), pending, this.config.identityClaim);
    } catch (err) {
      this.log.warn(`Sign-in refused by the code exchange: ${err instanceof Error ? err.message : String(err)}`);
      return res.redirect(302, `${SIGNED_OUT_PAGE}?fejl=login`);
    }
    const name = claims[this.config.identityClaim];
    const found =
      typeof name === 'string' && name.trim() !== ''
        ? await this.users.resolve(this.config.identityClaim === 'email' ? { email: name.trim() } : { username: name.trim() })
        : ({ kind: 'unknown' } as const);
    if (found.kind !== 'active') {
      // Who they are is the provider's business; the log keeps no name, only that it happened.
      this.log.warn(`Sign-in without PSP access (${found.kind === 'inactive' ? 'deactivated user' : 'no PSP user'})`);
      return res.redirect(302, NO_ACCESS_PAGE);
    }
    const { id, session } = await this.sessions.create(found.actor.userId, this.config.session.idleMinutes, this.config.session.absoluteHours);
    setCookie(res, this.config.session, sessionCookieName(this.config.session), id, session.absoluteExpiresAt.getTime() - Date.now());
    this.log.log(`Signed in: user ${found.actor.userId}`);
    res.redirect(302, pending.returnTo);
  }

  @Post('logout')
  @HttpCode(200)
  @Public('Browser sign-out: ends the session here and says where the provider’s logout page is')
  @ApiOkResponse({ type: LogoutResponse })
  @ApiForbiddenResponse({ description: 'A cross-site request (the Origin is another site, or the X-PSP-CSRF header is missing)' })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LogoutResponse> {
    const refusal = crossSiteRefusal(req, this.allowedOrigins());
    if (refusal) {
      this.log.warn(`Sign-out refused: ${refusal}`);
      throw new AccessDeniedError(refusal);
    }
    const name = sessionCookieName(this.config.session);
    const id = readCookie(req, name);
    if (id) await this.sessions.delete(id);
    clearCookie(res, this.config.session, name);
    res.setHeader('Cache-Control', 'no-store');
    return { redirectTo: (await this.oidc?.endSessionUrl()) ?? SIGNED_OUT_PAGE };
  }

  private allowedOrigins(): string[] {
    return [new URL(this.config.http.publicBaseUrl).origin, new URL(this.config.webBaseUrl).origin];
  }
}
