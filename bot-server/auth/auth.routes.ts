import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { preferredLang } from '../http/errors.middleware.ts';
import { presentMe } from '../http/presenters.ts';
import { bind } from '../http/route.ts';
import type { MemberService } from '../members/member.service.ts';
import { SESSION_COOKIE, sessionToken } from './auth.middleware.ts';
import type { AuthService } from './auth.service.ts';

export function createAuthRouter(deps: { auth: AuthService; members: MemberService; secureCookies: boolean }): Router {
  const router = Router();
  bind(router, api.createSession, async ({ input, req, res }) => {
    const { token, expiresAt, member } = await deps.auth.signIn(input.idToken);
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secureCookies,
      path: '/api',
      expires: expiresAt,
    });
    return { token, expiresAt: expiresAt.toISOString(), me: presentMe(member, deps.members.rolesOf(member, preferredLang(req))) };
  });
  bind(router, api.deleteSession, ({ req, res }) => {
    const token = sessionToken(req);
    if (token) deps.auth.signOut(token);
    res.clearCookie(SESSION_COOKIE, { path: '/api' });
    return { ok: true as const };
  });
  return router;
}
