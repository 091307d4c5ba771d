import { Router } from 'express';
import type { Config } from '../config.ts';
import { createLineApiRouter } from './line-api.routes.ts';
import { createSandboxRouter } from './sandbox.routes.ts';
import { SandboxState } from './sandbox-state.ts';

export { SandboxState } from './sandbox-state.ts';

export interface Sandbox {
  state: SandboxState;
  /** LINE's paths (/v2/bot/..., /oauth2/...), mounted at the origin like api.line.me. */
  lineApi: Router;
  /** /sandbox/api, /sandbox/line, /sandbox/liff controls. */
  controls: Router;
}

/** The offline stand-in for the LINE platform used in sandbox mode and by the tests. */
export function createSandbox(config: Config, webhookUrl: () => string): Sandbox {
  const state = new SandboxState({
    pushRatePerSecond: config.sandboxOptions.pushRatePerSecond,
    multicastRatePerSecond: 200,
    monthlyQuota: config.sandboxOptions.monthlyQuota,
    replyTokenTtlMs: 60_000,
    faults: { rate429: 0, rate500: 0, rate500AfterAccept: 0 },
  });
  return {
    state,
    lineApi: createLineApiRouter({ state, channelAccessToken: config.channelAccessToken, loginChannelId: config.loginChannelId }),
    controls: createSandboxRouter({
      state,
      channelSecret: config.channelSecret,
      loginChannelId: config.loginChannelId,
      accountName: config.brandName,
      webhookUrl,
    }),
  };
}
