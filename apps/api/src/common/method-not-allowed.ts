import { HttpException, HttpStatus, Injectable, type NestMiddleware } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';

interface RouteTemplate {
  /** One entry per path segment: the literal text, or undefined for a parameter (`:id`). */
  segments: (string | undefined)[];
  pattern: RegExp;
  methods: Set<string>;
}

interface ExpressLayer {
  route?: { path?: unknown; methods?: Record<string, boolean> };
}

/**
 * A method the api does not serve on a path it does serve is answered 405 with `Allow` (RFC 9110
 * §15.5.6) and the usual JSON error; OPTIONS is answered 204 with `Allow`. An unknown path stays a
 * 404. Where a literal path and a parameter path both match (`/fokuspersoner/search` and
 * `/fokuspersoner/:id`), the literal one decides, as in OpenAPI: GET /fokuspersoner/search is a 405,
 * not a read of a person whose id is "search".
 *
 * The routes are read from Express's router on the first request, when every controller (and the
 * OpenAPI document's own routes) is registered; the web app's pages are answered before this runs.
 */
@Injectable()
export class MethodNotAllowedMiddleware implements NestMiddleware {
  /** The route templates by their number of path segments: a path is tested only against those of its length. */
  private templates: Map<number, RouteTemplate[]> | undefined;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const path = pathOf(req.originalUrl);
    const allowed = this.allowedMethods(path);
    if (allowed === undefined) return next();
    if (req.method === 'OPTIONS') {
      res.setHeader('Allow', allowed.join(', '));
      res.status(HttpStatus.NO_CONTENT).end();
      return;
    }
    if (allowed.includes(req.method)) return next();
    res.setHeader('Allow', allowed.join(', '));
    throw new HttpException(`${req.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`, HttpStatus.METHOD_NOT_ALLOWED);
  }

  /** The methods served on `path` (with HEAD where GET is, and OPTIONS), or undefined for a path the api does not serve. */
  allowedMethods(path: string): string[] | undefined {
    const matching = (this.routeTemplates().get(segmentCount(path)) ?? []).filter((t) => t.pattern.test(path));
    if (matching.length === 0) return undefined;
    const best = matching.reduce((a, b) => (moreSpecific(b, a) ? b : a));
    const methods = new Set<string>();
    for (const t of matching) if (!moreSpecific(best, t)) for (const m of t.methods) methods.add(m);
    if (methods.has('GET')) methods.add('HEAD');
    methods.add('OPTIONS');
    return [...methods].sort();
  }

  private routeTemplates(): Map<number, RouteTemplate[]> {
    if (this.templates) return this.templates;
    const router = (this.adapterHost.httpAdapter.getInstance() as { router?: { stack?: ExpressLayer[] } }).router;
    const byPath = new Map<string, Set<string>>();
    for (const layer of router?.stack ?? []) {
      const path = layer.route?.path;
      // Only plain paths with `:name` parameters; a wildcard route would claim every path.
      if (typeof path !== 'string' || /[*?{}()]/.test(path)) continue;
      const methods = byPath.get(path) ?? new Set<string>();
      for (const [method, on] of Object.entries(layer.route?.methods ?? {})) if (on && method !== '_all') methods.add(method.toUpperCase());
      byPath.set(path, methods);
    }
    this.templates = new Map();
    for (const [path, methods] of byPath) {
      const segments = path.split('/').filter(Boolean).map((s) => (s.startsWith(':') ? undefined : s));
      const source = segments.map((s) => (s === undefined ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
      // As Express routes: case-insensitive, and a trailing slash is the same path.
      const template = { segments, pattern: new RegExp(`^/${source}/?$`, 'i'), methods };
      this.templates.set(segments.length, [...(this.templates.get(segments.length) ?? []), template]);
    }
    return this.templates;
  }
}

/** Whether `a` is the more specific template: at the first segment where they differ, `a` has the literal. */
function moreSpecific(a: RouteTemplate, b: RouteTemplate): boolean {
  for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
    const x = a.segments[i];
    const y = b.segments[i];
    if ((x === undefined) !== (y === undefined)) return x !== undefined;
  }
  return false;
}

/** A template matches only paths with as many segments as it has (a parameter never spans a slash). */
function segmentCount(path: string): number {
  return path.split('/').filter(Boolean).length;
}

function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}
