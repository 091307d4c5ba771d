import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { preferredLang } from '../http/errors.middleware.ts';
import { bind } from '../http/route.ts';
import type { AuditService } from './audit.service.ts';

export function createAuditRouter(deps: { audit: AuditService }): Router {
  const router = Router();
  bind(router, api.consoleAuditLog, ({ actor, input, req }) => deps.audit.list(actor, input, preferredLang(req)));
  return router;
}
