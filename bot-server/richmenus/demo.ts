import type { TRichMenuVersionInput } from '../../shared/api/richmenus.ts';
import { transact, type Db } from '../db/client.ts';
import { queueJob } from '../jobs/queue.ts';
import * as repo from './richmenu.repo.ts';
import { RICH_MENU_PUBLISH_JOB, type RichMenuService } from './richmenu.service.ts';

const cell = (label: string, icon: string, page: string, dark: boolean) => ({
  label,
  icon,
  background: dark ? '#067A37' : '#F0FDF4',
  color: dark ? '#FFFFFF' : '#14532D',
  action: { type: 'page', page },
});

/** The demo brand's menu: one large 6-area menu for everyone (我的票券, 領券中心, 商城, 點數, 會員卡, 任務). */
export const DEMO_RICH_MENU: TRichMenuVersionInput = {
  name: '預設選單',
  menus: [
    {
      key: 'main',
      name: '預設選單（6 格）',
      chatBarText: '會員選單',
      size: 'large',
      layout: { kind: 'template', template: 'grid_3x2' },
      selected: true,
      background: '#FFFFFF',
      areas: [
        cell('我的票券', 'ticket', 'wallet', true),
        cell('領券中心', 'gift', 'claim', false),
        cell('商城', 'bag', 'mall', true),
        cell('點數', 'coin', 'points', false),
        cell('會員卡', 'card', 'member_card', true),
        cell('任務', 'flag', 'missions', false),
      ] as never,
    },
  ],
  audiences: { default: 'main', unregistered: null, registered: null, tiers: [] },
};

/**
 * Seeds the demo menu once and asks for its publication; the job runner publishes it to the
 * sandbox's LINE as soon as the server runs its workers (`npm start`).
 */
export function seedDemoRichMenu(db: Db, service: RichMenuService): void {
  const versions = repo.listVersions(db);
  if (versions.length > 0) {
    // The sandbox's LINE lives in memory: after a restart it has no menus, so the live (or
    // latest) version is published to it again.
    if (repo.runningPublication(db)) return;
    const versionId = repo.livePublication(db)?.versionId ?? versions[0]!.id;
    try {
      service.requestPublish({ kind: 'system', label: 'worker' }, versionId);
    } catch {
      // a draft with problems, or the hour's budget: the console shows it
    }
    return;
  }
  transact(db, (tx) => {
    const { name, ...spec } = DEMO_RICH_MENU;
    const version = repo.insertVersion(tx, { name, spec, createdBy: null });
    const pub = repo.insertPublication(tx, { versionId: version.id, kind: 'publish', replacesId: null, actorMemberId: null });
    queueJob(tx, { kind: RICH_MENU_PUBLISH_JOB, key: `publication:${pub.id}`, payload: { publicationId: pub.id } });
  });
}
