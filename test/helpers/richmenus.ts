import type { TRichMenuAreaInput, TRichMenuDesignInput, TRichMenuVersionInput } from '../../shared/api/richmenus.ts';

/** A grid area opening one of our pages. */
export function pageArea(label: string, page: string, icon: string | null = null): TRichMenuAreaInput {
  return { label, icon: icon as never, background: '#FFFFFF', color: '#1F2937', action: { type: 'page', page: page as never } };
}

/** A 6-area large menu (3×2). */
export function sixAreaMenu(key = 'main', overrides: Partial<TRichMenuDesignInput> = {}): TRichMenuDesignInput {
  return {
    key,
    name: `選單 ${key}`,
    chatBarText: '會員選單',
    size: 'large',
    layout: { kind: 'template', template: 'grid_3x2' },
    areas: [pageArea('我的票券', 'wallet', 'ticket'), pageArea('領券中心', 'claim', 'gift'), pageArea('商城', 'mall', 'bag'), pageArea('點數', 'points', 'coin'), pageArea('會員卡', 'member_card', 'card'), pageArea('任務', 'missions', 'flag')],
    ...overrides,
  };
}

/** Two tabs 「會員」/「優惠」 switching to each other, plus a 「加入會員」 menu for followers not registered. */
export function tabbedVersion(name: string, chatBarText = '會員選單'): TRichMenuVersionInput {
  return {
    name,
    menus: [
      {
        key: 'member',
        name: '會員',
        chatBarText,
        size: 'large',
        layout: { kind: 'template', template: 'top1_bottom3' },
        areas: [
          { label: '優惠 ›', action: { type: 'switch', to: 'offers' } },
          pageArea('我的票券', 'wallet', 'ticket'),
          pageArea('點數', 'points', 'coin'),
          pageArea('會員卡', 'member_card', 'card'),
        ],
      },
      {
        key: 'offers',
        name: '優惠',
        chatBarText,
        size: 'large',
        layout: { kind: 'template', template: 'top1_bottom2' },
        areas: [{ label: '‹ 會員', action: { type: 'switch', to: 'member' } }, pageArea('領券中心', 'claim', 'gift'), pageArea('商城', 'mall', 'bag')],
      },
      {
        key: 'join',
        name: '加入會員',
        chatBarText: '加入會員',
        size: 'compact',
        layout: { kind: 'template', template: 'single' },
        areas: [{ label: '加入會員', icon: 'user', background: '#067A37', color: '#FFFFFF', action: { type: 'page', page: 'register' } }],
      },
    ],
    audiences: { default: 'member', unregistered: 'join' },
  };
}
