import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ApiConfig } from '@psp/config';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/** Paths the api answers itself; everything else under GET is a page of the web app. */
const API_PATHS = /^\/(api|auth|docs|health|metrics)(\/|$|-)/;

/**
 * The Content-Security-Policy of the web app and the JSON api: only this origin, no inline
 * scripts or styles, no framing. The OpenAPI page (/docs) has its own, looser one.
 */
export function strictHelmet(config: ApiConfig) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'self'"],
        'object-src': ["'none'"],
        ...(config.session.secureCookie ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
  });
}

/**
 * Serves the built web app (apps/web → `config.webDistDir`) at `/`: fingerprinted assets cached
 * for a year, `index.html` never cached, and every other GET that is not an api path answered with
 * `index.html` so the app's router shows the page (a link from an e-mail opens that page).
 */
export function serveWebApp(app: NestExpressApplication, config: ApiConfig): void {
  const dir = resolve(config.webDistDir);
  const index = join(dir, 'index.html');
  app.useStaticAssets(join(dir, 'assets'), { prefix: '/assets', immutable: true, maxAge: '365d', index: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path) || !existsSync(index)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
