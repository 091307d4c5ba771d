import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { preferredLang } from '../http/errors.middleware.ts';
import { bind, requireIdParam } from '../http/route.ts';
import type { MissionService } from './mission.service.ts';

export function createMissionRouter(deps: { missions: MissionService }): Router {
  const { missions } = deps;
  const router = Router();
  bind(router, api.myMissions, ({ actor, req }) => missions.mine(actor, preferredLang(req)));
  bind(router, api.joinMission, ({ actor, params, req }) => missions.join(actor, requireIdParam(params), preferredLang(req)));
  bind(router, api.consoleMissions, ({ actor }) => missions.list(actor));
  bind(router, api.consoleMission, ({ actor, params }) => missions.get(actor, requireIdParam(params)));
  bind(router, api.consoleCreateMission, ({ actor, input }) => missions.create(actor, input));
  bind(router, api.consoleUpdateMission, ({ actor, params, input }) => missions.update(actor, requireIdParam(params), input));
  bind(router, api.consoleMissionFunnel, ({ actor, params, req }) => missions.funnel(actor, requireIdParam(params), preferredLang(req)));
  return router;
}
