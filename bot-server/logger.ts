import { pino, type Logger } from 'pino';

/** Paths pino blanks out wherever they appear, so secrets never reach a log line. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-line-signature"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'idToken',
  'id_token',
  'token',
  'apiKey',
  'channelSecret',
  'channelAccessToken',
  '*.idToken',
  '*.token',
  '*.apiKey',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? process.stdout,
  );
}

export type { Logger };
