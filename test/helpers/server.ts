import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../bot-server/config.ts';
import { createLogger } from '../../bot-server/logger.ts';
import { startServer, type RunningServer } from '../../bot-server/main.ts';
import { createClient, type Client } from './client.ts';

export const TEST_CHANNEL_SECRET = 'test-channel-secret-0123456789ab';

export interface TestServer extends RunningServer {
  dir: string;
  url(path: string): string;
  /** The typed client: `server.client.call('staffRedeem', { headers, body })`. */
  client: Client;
  /** fetch against the server, JSON in and out. */
  json<T = unknown>(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: T; headers: Headers }>;
  /** Acts as a sandbox test user: LINE builds, signs and delivers the event; waits until it is handled. */
  actAs(input: Record<string, unknown>): Promise<{ event: Record<string, unknown>; webhookStatus: number }>;
  messagesTo(userId: string): Promise<{ via: string; message: Record<string, unknown>; retryKey?: string; delivered: boolean }[]>;
  stop(): Promise<void>;
}

/**
 * A real server on an ephemeral port with a fresh SQLite file and the real migrations. With
 * `dir` (another test server's), it opens that server's database file instead — a restart,
 * or a second process on the same file; only the server that made the directory removes it.
 */
export async function startTestServer(env: Record<string, string> = {}, options: { seedDemo?: boolean; dir?: string } = {}): Promise<TestServer> {
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'coupons-test-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: join(dir, 'app.db'),
    LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET,
    LOG_LEVEL: 'silent',
    // Tests build thousands of rows with factories, one commit each: an fsync apiece at FULL made
    // some files several times slower. Durability tests pass DB_SYNCHRONOUS: 'full' (the server's default).
    DB_SYNCHRONOUS: 'normal',
    ...env,
  });
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const running = await startServer(config, { logger, seedDemo: options.seedDemo ?? true });
  const url = (path: string) => `${running.origin}${path}`;
  const json: TestServer['json'] = async (path, init = {}) => {
    const response = await fetch(url(path), {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON; keep the text
    }
    return { status: response.status, body: body as never, headers: response.headers };
  };
  return {
    ...running,
    dir,
    url,
    client: createClient(running.origin),
    json,
    async actAs(input) {
      const res = await json<{ event: Record<string, unknown>; webhookStatus: number }>('/sandbox/line/events', { body: input });
      if (res.status !== 200) throw new Error(`sandbox event failed: ${res.status} ${JSON.stringify(res.body)}`);
      await running.webhook.idle();
      return res.body;
    },
    async messagesTo(userId) {
      const res = await json<{ messages: never[] }>(`/sandbox/line/messages?to=${userId}`);
      return res.body.messages;
    },
    async stop() {
      await running.close();
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function sign(body: string, secret = TEST_CHANNEL_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** Polls until `check` returns a truthy value or the time is up. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<Exclude<T, undefined | null | false | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Exclude<T, undefined | null | false | 0 | ''>;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
