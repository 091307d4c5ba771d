import { Router } from 'express';
import type { Config } from '../config.ts';
import { createLineApiRouter } from './line-api.routes.ts';
import { createSandboxRouter } from './sandbox.routes.ts';
import { SandboxState } from './sandbox-state.ts';
import { SmsInbox } from './sms-inbox.ts';
import { createSmsSandboxRouter } from './sms.routes.ts';
import { LinePaySandboxState } from './linepay-state.ts';
import { createLinePaySandboxRouter } from './linepay.routes.ts';

export { SandboxState } from './sandbox-state.ts';
export { SmsInbox } from './sms-inbox.ts';
export { LinePaySandboxState } from './linepay-state.ts';

/** The credentials the sandbox's SMS provider (a Mitake stand-in) accepts; they open nothing elsewhere. */
export const SANDBOX_SMS_CREDENTIALS = { username: 'sandbox', password: 'sandbox-sms-password' } as const;

/** The LINE Pay channel the sandbox's LINE Pay stand-in (/sandbox/linepay) accepts; it opens nothing elsewhere. */
export const SANDBOX_LINEPAY_CREDENTIALS = { channelId: '1650000001', channelSecret: 'sandbox-linepay-channel-secret' } as const;

export interface Sandbox {
  state: SandboxState;
  /** The texts the SMS stand-in received (Mitake's SmSend at /sandbox/sms/mitake). */
  sms: SmsInbox;
  /** The LINE Pay stand-in's payments, captures and faults (Online API v3 at /sandbox/linepay). */
  linepay: LinePaySandboxState;
  /** LINE's paths (/v2/bot/..., /oauth2/...), mounted at the origin like api.line.me. */
  lineApi: Router;
  /** /sandbox/api, /sandbox/line, /sandbox/liff, /sandbox/sms controls. */
  controls: Router;
}

export interface SandboxLinks {
  /** Where our own webhook is; resolved per call because the port is known only after listen. */
  webhookUrl: () => string;
  /**
   * Where members' browsers reach this server: the public base our own links use (bot-server/links.ts,
   * PUBLIC_BASE_URL or the local origin), for the LINE Pay paymentUrl and the chat page's links.
   */
  publicBaseUrl: () => string;
}

/** The offline stand-in for the LINE platform used in sandbox mode and by the tests. */
export function createSandbox(config: Config, links: SandboxLinks): Sandbox {
  const state = new SandboxState({
    pushRatePerSecond: config.sandboxOptions.pushRatePerSecond,
    multicastRatePerSecond: 200,
    monthlyQuota: config.sandboxOptions.monthlyQuota,
    replyTokenTtlMs: 60_000,
    faults: { rate429: 0, rate500: 0, rate500AfterAccept: 0 },
  });
  const sms = new SmsInbox();
  const controls = Router();
  controls.use('/sms', createSmsSandboxRouter({ inbox: sms, ...SANDBOX_SMS_CREDENTIALS }));
  const linepay = new LinePaySandboxState();
  controls.use('/linepay', createLinePaySandboxRouter({ state: linepay, ...SANDBOX_LINEPAY_CREDENTIALS, merchantName: config.brandName, publicBaseUrl: links.publicBaseUrl }));
  return {
    state,
    sms,
    linepay,
    lineApi: createLineApiRouter({ state, channelAccessToken: config.channelAccessToken, loginChannelId: config.loginChannelId }),
    controls: controls.use(createSandboxRouter({
      state,
      channelSecret: config.channelSecret,
      loginChannelId: config.loginChannelId,
      accountName: config.brandName,
      webhookUrl: links.webhookUrl,
      publicBaseUrl: links.publicBaseUrl,
    })),
  };
}
