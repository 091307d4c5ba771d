import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { API_KEY_PREFIX, type ApiKeyService } from '../partners/api-key.service.ts';
import type { AuthService } from './auth.service.ts';

export const SESSION_COOKIE = 'sid';

/** The session token or API key from `Authorization: Bearer`, else the session cookie. */
export function sessionToken(req: Request): string | undefined {
  const header = req.get('authorization');
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || undefined;
  const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  return cookie || undefined;
}

/**
 * Resolves the caller into `res.locals.actor` when a token is present; a bad or lapsed token
 * is an error, no token is simply anonymous (the policies decide what anonymity may do).
 */
export function authenticate(auth: AuthService, apiKeys: ApiKeyService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = sessionToken(req);
    if (!token) return next();
    try {
      res.locals.actor = token.startsWith(API_KEY_PREFIX) ? apiKeys.authenticate(token) : auth.authenticate(token);
      next();
    } catch (error) {
      next(error);
    }
  };
}
