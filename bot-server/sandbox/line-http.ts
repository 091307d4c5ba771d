import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { SandboxState } from './sandbox-state.ts';

/** LINE's error body: `{ message, details? }` (details only when there are some). */
export function lineError(res: Response, status: number, message: string, details?: unknown[]): void {
  if (!res.getHeader('x-line-request-id')) res.setHeader('x-line-request-id', randomUUID());
  res.status(status).json(details && details.length > 0 ? { message, details } : { message });
}

/** LINE's rate limit on a path: a 429 once `bucket` (a token bucket or an hourly window) has nothing left. */
export function limit(bucket: { take(): boolean }): RequestHandler {
  return (_req, res, next) => (bucket.take() ? next() : lineError(res, 429, 'Too Many Requests'));
}

export function bodyErrors(res: Response, details: { property: string; message: string }[]): void {
  lineError(res, 400, `The request body has ${details.length} error(s)`, details);
}

export function createRequireToken(channelAccessToken: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    if ((req.get('authorization') ?? '') !== `Bearer ${channelAccessToken}`) {
      lineError(res, 401, 'Authentication failed. Confirm that the access token in the authorization header is valid.');
      return;
    }
    next();
  };
}

/**
 * Names the call by the SDK's operationId and answers a fault a test queued for it
 * (`state.injectFault('setRichMenuImage', { status: 500 })` or POST /sandbox/api/faults).
 */
export function operation(state: SandboxState, name: string): RequestHandler {
  return (_req, res, next) => {
    res.locals.lineOperation = name;
    const fault = state.takeFault(name);
    if (fault) return lineError(res, fault.status, fault.message);
    next();
  };
}
