import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { bind } from '../http/route.ts';
import type { JobsService } from './jobs.service.ts';

export function createJobsRouter(deps: { jobs: JobsService }): Router {
  const router = Router();
  bind(router, api.consoleJobs, ({ actor }) => deps.jobs.overview(actor));
  return router;
}
