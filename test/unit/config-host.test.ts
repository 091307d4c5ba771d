import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../bot-server/config.ts';

const production = {
  LINE_CHANNEL_ACCESS_TOKEN: 'token',
  LINE_CHANNEL_SECRET: 'secret',
  LINE_LOGIN_CHANNEL_ID: '1234567890',
  LIFF_ID: '1234567890-AbCdEfGh',
  PUBLIC_BASE_URL: 'https://coupons.example.com',
};

describe('HOST', () => {
  it('sandbox mode listens on 127.0.0.1 unless told otherwise: it mints ID tokens for anyone who reaches it', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '' }).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '  ' }).host).toBe('127.0.0.1');
  });

  it('sandbox mode on the LAN stays possible on purpose (HOST=0.0.0.0)', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: ' 192.168.1.20 ' }).host).toBe('192.168.1.20');
  });

  it('production listens on every interface by default, or where HOST says', () => {
    expect(loadConfig(production).host).toBe('0.0.0.0');
    expect(loadConfig({ ...production, HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
  });
});

describe('DB_BUSY_TIMEOUT_MS', () => {
  it('defaults to 5 s and takes a whole number of milliseconds up to a minute', () => {
    expect(loadConfig({}).dbBusyTimeoutMs).toBe(5000);
    expect(loadConfig({ DB_BUSY_TIMEOUT_MS: '750' }).dbBusyTimeoutMs).toBe(750);
    for (const bad of ['soon', '-1', '1.5', '60001']) {
      expect(() => loadConfig({ DB_BUSY_TIMEOUT_MS: bad })).toThrow(ConfigError);
    }
  });
});
