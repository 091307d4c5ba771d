import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { requireMember } from '../auth/policies.ts';
import { preferredLang } from '../http/errors.middleware.ts';
import { bind } from '../http/route.ts';
import type { MobileVerification } from './mobile-verification.service.ts';

export function createMobileRouter(deps: { verification: MobileVerification }): Router {
  const router = Router();
  bind(router, api.requestMobileCode, ({ actor, input, req }) =>
    deps.verification.requestCode({ memberId: requireMember(actor).memberId, mobile: input.mobile, ip: req.ip ?? '', lang: preferredLang(req) }),
  );
  return router;
}
