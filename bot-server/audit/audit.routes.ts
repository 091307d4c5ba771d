import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { requireAdmin } from '../auth/policies.ts';
import type { Db } from '../db/client.ts';
import { presentAuditEntry } from '../http/presenters.ts';
import { bind } from '../http/route.ts';
import { listAudit } from './audit.repo.ts';

export function createAuditRouter(deps: { db: Db }): Router {
  const router = Router();
  bind(router, api.consoleAuditLog, ({ actor, input }) => {
    requireAdmin(actor);
    const { rows, total } = listAudit(deps.db, input.page, input.pageSize);
    return { items: rows.map(presentAuditEntry), total, page: input.page, pageSize: input.pageSize };
  });
  return router;
}
