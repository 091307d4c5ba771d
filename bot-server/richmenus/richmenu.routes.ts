import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { bind, requireIdParam as id } from '../http/route.ts';
import type { RichMenuService } from './richmenu.service.ts';

/** 圖文選單 in the console: the designer's options, versions, preview, images, publishing and schedules. */
export function createRichMenuRouter(deps: { richMenus: RichMenuService; workers: boolean }): Router {
  const { richMenus } = deps;
  const router = Router();
  bind(router, api.consoleRichMenuOptions, () => richMenus.options());
  bind(router, api.consoleRichMenus, () => richMenus.overview());
  bind(router, api.consoleRichMenuVersion, ({ params }) => richMenus.getVersion(id(params)));
  bind(router, api.consoleCreateRichMenuVersion, ({ actor, input }) => richMenus.createVersion(actor!, input), { status: 201, bodyLimit: '1mb' });
  bind(router, api.consoleUpdateRichMenuVersion, ({ actor, params, input }) => richMenus.updateVersion(actor!, id(params), input), { bodyLimit: '1mb' });
  bind(router, api.consoleCopyRichMenuVersion, ({ actor, params }) => richMenus.copyVersion(actor!, id(params)), { status: 201 });
  bind(router, api.consoleValidateRichMenuVersion, ({ input }) => richMenus.validate(input), { bodyLimit: '1mb' });
  bind(router, api.consoleRenderRichMenu, ({ input }) => richMenus.render(input.menu), { bodyLimit: '256kb' });
  bind(router, api.consoleUploadRichMenuImage, ({ actor, input }) => richMenus.uploadImage(actor!, input), { status: 201, bodyLimit: '1600kb' });
  bind(router, api.consolePublishRichMenuVersion, async ({ actor, params }) => {
    const pub = richMenus.requestPublish(actor!, id(params));
    // This process runs the job: answer with the outcome when it is quick (a big re-link goes on in the background).
    return deps.workers ? richMenus.waitForPublication(pub.id, 10_000) : richMenus.publication(pub.id);
  });
  bind(router, api.consoleScheduleRichMenuVersion, ({ actor, params, input }) => richMenus.schedule(actor!, id(params), input), { status: 201 });
  bind(router, api.consoleCancelRichMenuSchedule, ({ actor, params }) => richMenus.cancelSchedule(actor!, id(params)));
  return router;
}
