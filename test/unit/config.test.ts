import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SANDBOX_ACCESS_TOKEN } from '../../bot-server/config.ts';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('config', () => {
  it('runs in sandbox mode with no LINE credentials, generating a dev secret', () => {
    const config = loadConfig({});
    expect(config.sandbox).toBe(true);
    expect(config.channelAccessToken).toBe(SANDBOX_ACCESS_TOKEN);
    expect(config.channelSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(config.channelSecretGenerated).toBe(true);
    expect(config.databasePath).toBe('./data/app.db');
    expect(config.brandTimezone).toBe('Asia/Taipei');
    expect(config.port).toBe(3000);
  });

  it('keeps LINE_CHANNEL_SECRET in sandbox mode so tests can sign webhooks', () => {
    const config = loadConfig({ LINE_CHANNEL_SECRET: 'abc' });
    expect(config.sandbox).toBe(true);
    expect(config.channelSecret).toBe('abc');
    expect(config.channelSecretGenerated).toBe(false);
  });

  it('lists every problem at once, each naming the variable', () => {
    const list = problems({ PORT: 'eighty', BRAND_TIMEZONE: 'Mars/Olympus', PUBLIC_BASE_URL: 'ftp://x', LOG_LEVEL: 'loud' });
    expect(list).toHaveLength(4);
    expect(list.join('\n')).toMatch(/^PORT: must be a number/m);
    expect(list.join('\n')).toMatch(/^BRAND_TIMEZONE: must be an IANA time zone/m);
    expect(list.join('\n')).toMatch(/^PUBLIC_BASE_URL: must be an http\(s\) URL/m);
    expect(list.join('\n')).toMatch(/^LOG_LEVEL:/m);
  });

  it('requires the whole production set once an access token is given', () => {
    const list = problems({ LINE_CHANNEL_ACCESS_TOKEN: 'real-token' });
    expect(list.map((p) => p.split(':')[0])).toEqual(['LINE_CHANNEL_SECRET', 'LINE_LOGIN_CHANNEL_ID', 'LIFF_ID', 'PUBLIC_BASE_URL']);
  });

  it('requires https for PUBLIC_BASE_URL in production', () => {
    const list = problems({
      LINE_CHANNEL_ACCESS_TOKEN: 't',
      LINE_CHANNEL_SECRET: 's',
      LINE_LOGIN_CHANNEL_ID: '1234567890',
      LIFF_ID: '1234567890-AbCdEfGh',
      PUBLIC_BASE_URL: 'http://coupons.example.com',
    });
    expect(list).toEqual([expect.stringMatching(/^PUBLIC_BASE_URL: must be https/)]);
  });

  it('accepts a full production configuration', () => {
    const config = loadConfig({
      LINE_CHANNEL_ACCESS_TOKEN: 't',
      LINE_CHANNEL_SECRET: 's',
      LINE_LOGIN_CHANNEL_ID: '1234567890',
      LIFF_ID: '1234567890-AbCdEfGh',
      PUBLIC_BASE_URL: 'https://coupons.example.com/',
    });
    expect(config.sandbox).toBe(false);
    expect(config.publicBaseUrl).toBe('https://coupons.example.com');
  });

  it('exits 1 with a readable list when the server is started with bad env', () => {
    const result = spawnSync(process.execPath, [resolve(import.meta.dirname, '../../bot-server/main.ts')], {
      env: { PATH: process.env.PATH, PORT: '99999', LINE_CHANNEL_ACCESS_TOKEN: 'x' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Configuration is not valid:');
    expect(result.stderr).toContain('  - PORT: must be between 0 and 65535');
    expect(result.stderr).not.toContain('    at '); // no stack trace
  });
});
