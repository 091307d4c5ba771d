import { createHash, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { AppError } from '../../shared/errors.ts';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/client.ts';
import { jobsByKindAndStatus, outboxByStatus } from './metrics.repo.ts';

/**
 * Prometheus metrics (prom-client, the de-facto Node client: text exposition format, histograms
 * with cheap observe(), default process metrics). One registry per server (tests run several
 * servers in one process), served at GET /metrics — on its own port (METRICS_PORT) or, on the
 * public port, only with `Authorization: Bearer <METRICS_TOKEN>`; in sandbox mode it is open.
 *
 * Counted per request (cheap): requests and latencies by route template (never the raw URL: its
 * ids would make unbounded series), and money operations by outcome (`ok` or the stable error
 * code). Read at scrape time (no hot-path cost): the outbox by status, jobs by kind and status,
 * the WAL file's size.
 */

/** Money operations, named by the route template's path (non-GET only). */
const MONEY_OPERATIONS: [RegExp, string][] = [
  [/refund/, 'refund'],
  [/\/mall\/.*(orders|checkout|confirm)/, 'checkout'],
  [/redemptions(\/:id\/void|\/:id\/undo)|\/void|\/undo/, 'void'],
  [/redemptions|\/redeem/, 'redeem'],
  [/claim/, 'claim'],
  [/gifts/, 'transfer'],
  [/purchases/, 'purchase'],
  [/points/, 'points'],
];

/** Route template → operation (or null), worked out once per template: the bound routes are a fixed set. */
const operationByRoute = new Map<string, string | null>();

export function moneyOperationOf(method: string, routePath: string): string | undefined {
  if (method === 'GET') return undefined;
  let operation = operationByRoute.get(routePath);
  if (operation === undefined) {
    operation = MONEY_OPERATIONS.find(([pattern]) => pattern.test(routePath))?.[1] ?? null;
    operationByRoute.set(routePath, operation);
  }
  return operation ?? undefined;
}

export interface Metrics {
  registry: Registry;
  /** Express middleware recording every request once it finished. Mount first. */
  middleware: (req: Request, res: Response, next: NextFunction) => void;
  /** A group-commit batch of `size` requests committed (or failed to). */
  observeBatch(size: number, committed: boolean): void;
  /** The exposition text. */
  text(): Promise<string>;
  contentType: string;
}

export function createMetrics(options: { db: Db; databasePath: string }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests by method, route template and status', labelNames: ['method', 'route', 'status'] as const, registers: [registry] });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const money = new Counter({ name: 'money_operations_total', help: 'Money operations (redeem, void, claim, transfer, purchase, points, refund, checkout) by outcome: ok or the error code', labelNames: ['operation', 'outcome'] as const, registers: [registry] });
  const batches = new Histogram({ name: 'group_commit_batch_size', help: 'Requests per group-commit batch', labelNames: ['committed'] as const, buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256], registers: [registry] });
  new Gauge({
    name: 'outbox_messages',
    help: 'Notification outbox rows by status: pending and sending are the queue, sent / failed / skipped the results so far',
    labelNames: ['status'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const row of outboxByStatus(options.db)) this.set({ status: row.status }, Number(row.n));
    },
  });
  new Gauge({
    name: 'jobs',
    help: 'Jobs by kind and status (finished jobs are pruned after a while)',
    labelNames: ['kind', 'status'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const row of jobsByKindAndStatus(options.db)) this.set({ kind: row.kind, status: row.status }, Number(row.n));
    },
  });
  new Gauge({
    name: 'sqlite_wal_bytes',
    help: "Size of the database's write-ahead log file",
    registers: [registry],
    collect() {
      try {
        this.set(statSync(`${options.databasePath}-wal`).size);
      } catch {
        this.set(0);
      }
    },
  });

  const middleware = (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = (res.locals.route as string | undefined) ?? (req.path === '/webhook' ? '/webhook' : req.path.startsWith('/api/') ? 'unmatched' : req.path.startsWith('/sandbox') || req.path.startsWith('/v2/') ? 'sandbox' : 'static');
      const method = req.method;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      requests.inc({ method, route, status: String(res.statusCode) });
      latency.observe({ method, route }, seconds);
      const operation = res.locals.route ? moneyOperationOf(method, route) : undefined;
      if (operation) money.inc({ operation, outcome: res.statusCode < 400 ? 'ok' : ((res.locals.errorCode as string | undefined) ?? String(res.statusCode)) });
    });
    next();
  };

  return {
    registry,
    middleware,
    observeBatch: (size, committed) => batches.observe({ committed: committed ? 'yes' : 'no' }, size),
    text: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

/**
 * GET /metrics. With a token (METRICS_TOKEN) the scraper must send `Authorization: Bearer
 * <token>` (compared in constant time); without one (sandbox mode, or the separate METRICS_PORT
 * listener) it is open.
 */
export function serveMetrics(metrics: Metrics, token?: string): RequestHandler {
  const expected = token ? createHash('sha256').update(token).digest() : undefined;
  return (req, res, next) => {
    if (expected) {
      const header = req.headers.authorization ?? '';
      const given = createHash('sha256').update(header.startsWith('Bearer ') ? header.slice(7) : '').digest();
      if (!timingSafeEqual(given, expected)) {
        next(new AppError('UNAUTHENTICATED', { message: '請以 Authorization: Bearer <METRICS_TOKEN> 讀取 /metrics', messageEn: 'Send Authorization: Bearer <METRICS_TOKEN> to read /metrics' }));
        return;
      }
    }
    metrics.text().then(
      (text) => res.type(metrics.contentType).setHeader('cache-control', 'no-store').send(text),
      (error: unknown) => next(error),
    );
  };
}

/**
 * The separate METRICS_PORT listener: GET /metrics through serveMetrics (open — the port is
 * meant to be reachable by the scraper only), a JSON 404 for anything else. Resolves once listening.
 */
export async function listenMetrics(metrics: Metrics, address: { port: number; host?: string | undefined }): Promise<Server> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', serveMetrics(metrics));
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'GET /metrics' } });
  });
  const failed: ErrorRequestHandler = (_error, _req, res, _next) => {
    res.status(500).json({ error: { code: 'INTERNAL', message: 'metrics unavailable' } });
  };
  app.use(failed);
  const server = createServer(app);
  server.listen(address.port, address.host);
  await once(server, 'listening');
  return server;
}
