import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type Express, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { errorMiddleware, routeNotFound } from './errors.middleware.ts';
import { sendPrecompressed, serveHashedAssets } from './precompressed.ts';
import { groupMountedRouters } from './route-groups.ts';
import { noStoreApi, refuseCrossSiteWrites, refuseLongUrls } from './request-guards.ts';
import type { TrustProxy } from '../config.ts';

export const LIFF_DIST = resolve(import.meta.dirname, '../../dist/liff-app');

export interface AppParts {
  logger: Logger;
  sandbox: boolean;
  /** Liveness plus a cheap database round trip. */
  health: () => { ok: boolean; db: string };
  webhook: Router;
  api: Router;
  /** LINE's paths and the sandbox controls, mounted only in sandbox mode. */
  lineApi?: Router;
  sandboxControls?: Router;
  distDir?: string;
  /** TRUST_PROXY: the reverse proxies whose X-Forwarded-For gives `req.ip` (default loopback). */
  trustProxy?: TrustProxy;
  /** PUBLIC_BASE_URL: our own origin as browsers see it, besides the Host header (cross-site checks). */
  publicBaseUrl?: string | undefined;
  /** Prometheus metrics (ops/metrics.ts): recorded for every request; `/metrics` served here only when `serve` says so. */
  metrics?: { middleware: RequestHandler; serve?: RequestHandler };
}

/**
 * The pages' Content-Security-Policy. No inline or third-party script except LINE's: the LIFF
 * SDK loads its extensions from static.line-scdn.net, calls *.line.me and *.line-scdn.net, and
 * its message bus (liff.subWindow, scanCodeV2) evaluates its handler inside an about:blank
 * iframe, which inherits this policy, hence 'unsafe-eval'. Images are LINE profile pictures and
 * Flex hero images from any https origin, QR codes and icons as data: URLs. The QR scanner
 * starts its worker from a blob: URL and styles its overlay inline.
 */
export function contentSecurityPolicy(sandbox: boolean): Record<string, string[] | null> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'unsafe-eval'", 'https://static.line-scdn.net'],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'", 'https://static.line-scdn.net'],
    'img-src': ["'self'", 'data:', 'blob:', 'https:', ...(sandbox ? ['http:'] : [])],
    'font-src': ["'self'", 'data:', 'https://static.line-scdn.net'],
    'connect-src': ["'self'", 'https://*.line.me', 'https://*.line-scdn.net'],
    'frame-src': ["'self'", 'https://*.line.me'],
    'worker-src': ["'self'", 'blob:'],
    'media-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'self'"],
    // Production is https only; the sandbox is served over plain http on any host.
    'upgrade-insecure-requests': sandbox ? null : [],
  };
}

const REQUEST_ID_RE = /^[A-Za-z0-9._-]{8,64}$/;

/** Assembles the one Express app: webhook, API, sandbox and the built LIFF app. */
export function createApp(parts: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  // No ETag on what res.send answers: API answers are personal and no-store (a hash of every
  // POS answer was work nobody used); the LIFF app's files carry their own (precompressed.ts).
  app.set('etag', false);
  app.set('trust proxy', parts.trustProxy ?? 'loopback');
  if (parts.metrics) app.use(parts.metrics.middleware);

  app.use(
    pinoHttp({
      logger: parts.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID_RE.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug'),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(parts.sandbox) },
      crossOriginEmbedderPolicy: false,
      // The LIFF app and Flex images load from other origins (profile pictures, hero images).
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    }),
  );

  app.use(refuseLongUrls);

  if (parts.metrics?.serve) app.get('/metrics', parts.metrics.serve);

  app.get('/healthz', (_req, res) => {
    const health = parts.health();
    res.status(health.ok ? 200 : 503).json(health);
  });

  // The webhook reads its own raw body; it must come before any JSON parser.
  app.use(parts.webhook);

  // Each route reads its own body once it knows who is calling (see http/route.ts). Before any
  // route: personal answers are not cached, and cookie-authenticated writes must come from our
  // own pages.
  const allowedOrigins = parts.publicBaseUrl ? [new URL(parts.publicBaseUrl).origin] : [];
  // A request tries only the routes under its own path prefix, not all of them (route-groups.ts).
  groupMountedRouters(parts.api);
  app.use('/api', noStoreApi, cookieParser(), refuseCrossSiteWrites({ allowedOrigins }), parts.api, routeNotFound(parts.api));

  if (parts.sandbox && parts.lineApi && parts.sandboxControls) {
    app.use(parts.lineApi);
    app.use('/sandbox', parts.sandboxControls);
  }

  mountLiffApp(app, parts.distDir ?? LIFF_DIST, parts.sandbox);

  app.use(routeNotFound(app.router));
  app.use(errorMiddleware);
  return app;
}

function mountLiffApp(app: Express, distDir: string, sandbox: boolean): void {
  const built = existsSync(resolve(distDir, 'index.html'));
  const notBuilt: RequestHandler = (_req, res) => {
    res.status(503).type('text/plain; charset=utf-8').send('The LIFF app is not built yet: run `npm run build` (npm start does this for you).');
  };
  if (!built) {
    app.get(['/', '/app', '/app/{*rest}', '/console', '/console/{*rest}', '/sandbox'], notBuilt);
    return;
  }
  // Hashed files: brotli/gzip twins written at build time, cached for a year (precompressed.ts).
  const assetsDir = resolve(distDir, 'assets');
  app.use('/assets', serveHashedAssets(assetsDir), express.static(assetsDir, { immutable: true, maxAge: '365d', index: false }));
  // The pages name the current hashed files, so a phone asks again each time (a 304 when unchanged).
  const noCacheHtml = { index: false, maxAge: '1h', setHeaders: (res: express.Response, path: string) => path.endsWith('.html') && res.setHeader('Cache-Control', 'no-cache') };
  app.use(express.static(distDir, noCacheHtml));
  const sendPage =
    (name: string): RequestHandler =>
    (req, res, next) => {
      sendPrecompressed(req, res, next, resolve(distDir, name), { cacheControl: 'no-cache' }).catch(next);
    };
  const sendIndex = sendPage('index.html');
  app.get(['/app', '/app/{*rest}', '/console', '/console/{*rest}'], sendIndex);
  if (sandbox) {
    app.get('/', sendIndex);
    app.get('/sandbox', sendPage('sandbox.html'));
  } else {
    app.get('/', (_req, res) => res.redirect(302, '/app'));
  }
}
