import { z } from 'zod';

/**
 * The rich-menu designer's contract (bot-server/richmenus). A *version* is a set of menus
 * (tabs) plus who sees which menu (audiences); publishing a version makes it live on LINE.
 * Drafts are edited freely; a version that has been published is frozen (copy it to change
 * it) and can be re-published at any time (rollback).
 *
 * The deep rules (LINE's limits, a layout's cell count, links between tabs) are checked by
 * shared/richmenus/validate.ts, which the server runs on save and the console may run live; the
 * schemas here only check shapes, so the console gets every problem at once, each with a
 * zh-TW and an English message.
 */

const bi = (zh: string, en: string) => ({ message: `${zh} / ${en}` });
const ZHex = z.string().regex(/^#[0-9A-Fa-f]{6}$/, bi('顏色格式 #RRGGBB', 'Colour as #RRGGBB'));

export const RICH_MENU_SIZES = ['large', 'compact'] as const;
export const ZRichMenuSize = z.enum(RICH_MENU_SIZES);
export type TRichMenuSize = z.infer<typeof ZRichMenuSize>;

/**
 * LINE's standard grids as the LINE Official Account Manager offers them.
 * Large (2500×1686): grid_3x2 (6), top1_bottom3 (4), grid_2x2 (4), left1_right2 (3),
 * top1_bottom2 (3), cols_3 (3), cols_2 (2), rows_2 (2), single (1).
 * Compact (2500×843): cols_3 (3), cols_2 (2), left_wide (2: ⅔ + ⅓), right_wide (2: ⅓ + ⅔), single (1).
 * Geometry: shared/richmenus/layouts.ts.
 */
export const RICH_MENU_TEMPLATES = ['grid_3x2', 'top1_bottom3', 'grid_2x2', 'left1_right2', 'top1_bottom2', 'cols_3', 'cols_2', 'rows_2', 'left_wide', 'right_wide', 'single'] as const;
export const ZRichMenuTemplate = z.enum(RICH_MENU_TEMPLATES);
export type TRichMenuTemplate = z.infer<typeof ZRichMenuTemplate>;

/** Our member-app pages an area can open (LIFF URLs built on the server, like bot-server/links.ts). */
export const RICH_MENU_PAGES = ['wallet', 'claim', 'mall', 'points', 'member_card', 'tier', 'missions', 'profile', 'register'] as const;
export const ZRichMenuPage = z.enum(RICH_MENU_PAGES);
export type TRichMenuPage = z.infer<typeof ZRichMenuPage>;

/** The built-in icon set (SVG path data in shared/richmenus/icons.ts). */
export const RICH_MENU_ICONS = ['ticket', 'gift', 'store', 'coin', 'card', 'crown', 'flag', 'user', 'home', 'chat', 'star', 'cup', 'bag', 'info'] as const;
export const ZRichMenuIcon = z.enum(RICH_MENU_ICONS);
export type TRichMenuIcon = z.infer<typeof ZRichMenuIcon>;

/** A tab's key: also its LINE alias (`^[a-z0-9_-]{1,32}$`), so a richmenuswitch reaches it. */
export const ZRichMenuKey = z.string().regex(/^[a-z0-9_-]{1,32}$/, bi('代稱只能用小寫英文、數字、- 或 _，最多 32 字', 'Lower-case letters, digits, - or _, up to 32'));

export const ZRichMenuAction = z.discriminatedUnion('type', [
  /** Opens one of our member pages inside LINE (LIFF). */
  z.object({ type: z.literal('page'), page: ZRichMenuPage }).strict(),
  /** Opens a web page (https, or http for local testing; LINE allows tel: too). */
  z.object({ type: z.literal('uri'), uri: z.string().max(5000) }).strict(),
  /** The member "says" this text in the chat. */
  z.object({ type: z.literal('message'), text: z.string().max(5000) }).strict(),
  /** A postback to our webhook (bot-server/richmenus/postbacks.ts handles `action=…`). */
  z.object({ type: z.literal('postback'), data: z.string().max(5000), displayText: z.string().max(5000).nullable().default(null) }).strict(),
  /** Switches to another tab of the same version (richmenuswitch to that tab's alias). */
  z.object({ type: z.literal('switch'), to: z.string().max(32) }).strict(),
]);
export type TRichMenuAction = z.infer<typeof ZRichMenuAction>;
export type TRichMenuActionInput = z.input<typeof ZRichMenuAction>;

export const ZRichMenuBounds = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int(), height: z.number().int() }).strict();
export type TRichMenuBounds = z.infer<typeof ZRichMenuBounds>;

export const ZRichMenuArea = z
  .object({
    /** Drawn on the rendered image (not on an uploaded one); also the area's accessible label. */
    label: z.string().max(200).default(''),
    icon: ZRichMenuIcon.nullable().default(null),
    background: ZHex.default('#FFFFFF'),
    color: ZHex.default('#1F2937'),
    action: ZRichMenuAction,
    /** Only for an uploaded image (layout kind `image`); grids compute their own bounds. */
    bounds: ZRichMenuBounds.nullable().default(null),
  })
  .strict();
export type TRichMenuArea = z.infer<typeof ZRichMenuArea>;
export type TRichMenuAreaInput = z.input<typeof ZRichMenuArea>;

export const ZRichMenuLayout = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('template'), template: ZRichMenuTemplate }).strict(),
  /** Equal cells, rows × columns (≤ 20 cells). */
  z.object({ kind: z.literal('custom'), rows: z.number().int(), columns: z.number().int() }).strict(),
  /** The brand's own image (uploaded with consoleUploadRichMenuImage) with areas drawn on it. */
  z.object({ kind: z.literal('image'), imageId: z.number().int().positive() }).strict(),
]);
export type TRichMenuLayout = z.infer<typeof ZRichMenuLayout>;

/** One menu (a tab) of a version. */
export const ZRichMenuDesign = z
  .object({
    key: ZRichMenuKey,
    /** For the console only (LINE's `name`, ≤ 300). */
    name: z.string().trim().max(1000),
    /** The chat-bar text (≤ 14 characters). */
    chatBarText: z.string().max(100),
    size: ZRichMenuSize,
    layout: ZRichMenuLayout,
    /** In grid order (left to right, top to bottom), or free areas on an uploaded image. */
    areas: z.array(ZRichMenuArea).max(100),
    /** Opened when the chat opens (LINE's `selected`). */
    selected: z.boolean().default(true),
    /** The colour between and around cells. */
    background: ZHex.default('#FFFFFF'),
  })
  .strict();
export type TRichMenuDesign = z.infer<typeof ZRichMenuDesign>;
export type TRichMenuDesignInput = z.input<typeof ZRichMenuDesign>;

/**
 * Who sees which menu (each a menu key of the version). `default`: everyone LINE has no
 * per-user link for; `unregistered`: followers who have not registered (null = the default);
 * `registered`: registered members (null = the default); `tiers`: a member of that tier
 * (a tier not listed falls back to `registered`, then the default).
 */
export const ZRichMenuAudiences = z
  .object({
    default: z.string().max(32),
    unregistered: z.string().max(32).nullable().default(null),
    registered: z.string().max(32).nullable().default(null),
    tiers: z.array(z.object({ tierId: z.number().int().positive(), menu: z.string().max(32) }).strict()).max(20).default([]),
  })
  .strict();
export type TRichMenuAudiences = z.infer<typeof ZRichMenuAudiences>;

export const ZRichMenuVersionInput = z
  .object({
    name: z.string().trim().min(1, bi('請輸入版本名稱', 'Enter a name for this version')).max(60),
    menus: z.array(ZRichMenuDesign).min(1, bi('至少一個選單', 'At least one menu')).max(10, bi('最多 10 個分頁', 'At most 10 tabs')),
    audiences: ZRichMenuAudiences,
  })
  .strict();
export type TRichMenuVersionInput = z.input<typeof ZRichMenuVersionInput>;
export type TRichMenuVersionParsed = z.output<typeof ZRichMenuVersionInput>;

/** One problem found by shared/richmenus/validate.ts: where (a JSON path) and what to do about it. */
export const ZRichMenuProblem = z.object({
  /** e.g. `menus.0.chatBarText`, `menus.1.areas.3.action.uri`. */
  path: z.string(),
  /** Stable code, e.g. CHAT_BAR_TEXT_TOO_LONG, TOO_MANY_AREAS, AREA_OUT_OF_BOUNDS. */
  code: z.string(),
  'zh-TW': z.string(),
  en: z.string(),
  /** `warning` (e.g. low contrast) does not block saving or publishing. */
  severity: z.enum(['error', 'warning']),
});
export type TRichMenuProblem = z.infer<typeof ZRichMenuProblem>;
export const ZRichMenuValidation = z.object({ ok: z.boolean(), problems: z.array(ZRichMenuProblem) });
export type TRichMenuValidation = z.infer<typeof ZRichMenuValidation>;

export const RICH_MENU_VERSION_STATUSES = ['draft', 'live', 'published', 'scheduled'] as const;

export const ZPublishStep = z.enum(['create', 'upload', 'alias', 'link', 'default', 'delete']);
export type TPublishStep = z.infer<typeof ZPublishStep>;

export const ZRichMenuPublication = z.object({
  id: z.number(),
  versionId: z.number(),
  /** publish: first time live; rollback: an earlier version again; schedule_start / schedule_end: by a schedule. */
  kind: z.enum(['publish', 'rollback', 'schedule_start', 'schedule_end']),
  status: z.enum(['running', 'succeeded', 'failed']),
  /** The step under way, or the last one reached (null: nothing done yet). */
  step: ZPublishStep.nullable(),
  /** The step that failed (the live version was left as it was). */
  failedStep: ZPublishStep.nullable(),
  error: z.string().nullable(),
  /** Members whose per-user link is being moved by the bulk job (null until known). */
  linkTotal: z.number().nullable(),
  linkDone: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type TRichMenuPublication = z.infer<typeof ZRichMenuPublication>;

export const ZRichMenuVersionSummary = z.object({
  id: z.number(),
  name: z.string(),
  /** draft: never published; live: what members see now; published: was live before (can be re-published). */
  status: z.enum(['draft', 'live', 'published']),
  menuCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastPublishedAt: z.string().nullable(),
});
export type TRichMenuVersionSummary = z.infer<typeof ZRichMenuVersionSummary>;

// Outputs carry every field (no defaults: an answer is used as sent).
const ZRichMenuActionView = z.discriminatedUnion('type', [
  z.object({ type: z.literal('page'), page: ZRichMenuPage }),
  z.object({ type: z.literal('uri'), uri: z.string() }),
  z.object({ type: z.literal('message'), text: z.string() }),
  z.object({ type: z.literal('postback'), data: z.string(), displayText: z.string().nullable() }),
  z.object({ type: z.literal('switch'), to: z.string() }),
]);
const ZRichMenuAreaView = z.object({ label: z.string(), icon: ZRichMenuIcon.nullable(), background: z.string(), color: z.string(), action: ZRichMenuActionView, bounds: ZRichMenuBounds.nullable() });
export const ZRichMenuDesignView = z.object({
  key: z.string(),
  name: z.string(),
  chatBarText: z.string(),
  size: ZRichMenuSize,
  layout: ZRichMenuLayout,
  areas: z.array(ZRichMenuAreaView),
  selected: z.boolean(),
  background: z.string(),
});
export const ZRichMenuAudiencesView = z.object({
  default: z.string(),
  unregistered: z.string().nullable(),
  registered: z.string().nullable(),
  tiers: z.array(z.object({ tierId: z.number(), menu: z.string() })),
});

export const ZRichMenuVersionView = ZRichMenuVersionSummary.extend({
  menus: z.array(ZRichMenuDesignView),
  audiences: ZRichMenuAudiencesView,
  validation: ZRichMenuValidation,
  /** Per menu key, the LINE rich menu id while live (for support). */
  lineMenus: z.array(z.object({ key: z.string(), richMenuId: z.string() })),
});
export type TRichMenuVersionView = z.infer<typeof ZRichMenuVersionView>;

export const ZRichMenuSchedule = z.object({
  id: z.number(),
  versionId: z.number(),
  versionName: z.string(),
  /** Brand-local `YYYY-MM-DDTHH:mm`. */
  startsAt: z.string(),
  endsAt: z.string(),
  /** pending: waits for startsAt; active: the version is live, the previous one returns at endsAt. */
  status: z.enum(['pending', 'active', 'done', 'cancelled', 'failed']),
  /** The version that was live when the schedule started (it comes back at endsAt). */
  previousVersionId: z.number().nullable(),
  error: z.string().nullable(),
});
export type TRichMenuSchedule = z.infer<typeof ZRichMenuSchedule>;

export const ZRichMenuOverview = z.object({
  liveVersionId: z.number().nullable(),
  versions: z.array(ZRichMenuVersionSummary),
  schedules: z.array(ZRichMenuSchedule),
  publications: z.array(ZRichMenuPublication),
  /** LINE's create/delete budget left this hour (100 an hour) as this server counts it. */
  createDeleteBudget: z.object({ used: z.number(), limit: z.number() }),
});
export type TRichMenuOverview = z.infer<typeof ZRichMenuOverview>;

const ZLocalDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, bi('時間格式 YYYY-MM-DDTHH:mm', 'Time as YYYY-MM-DDTHH:mm'));
export const ZRichMenuScheduleInput = z.object({ startsAt: ZLocalDateTime, endsAt: ZLocalDateTime }).strict();
export type TRichMenuScheduleInput = z.infer<typeof ZRichMenuScheduleInput>;

/** What the designer offers: sizes, templates with their pixel geometry, pages, icons, LINE's limits. */
export const ZRichMenuOptions = z.object({
  sizes: z.array(z.object({ size: ZRichMenuSize, width: z.number(), height: z.number() })),
  templates: z.array(
    z.object({
      template: ZRichMenuTemplate,
      size: ZRichMenuSize,
      'zh-TW': z.string(),
      en: z.string(),
      cells: z.array(ZRichMenuBounds),
    }),
  ),
  pages: z.array(z.object({ page: ZRichMenuPage, 'zh-TW': z.string(), en: z.string(), url: z.string() })),
  icons: z.array(z.object({ icon: ZRichMenuIcon, path: z.string() })),
  tiers: z.array(z.object({ id: z.number(), name: z.string() })),
  limits: z.object({
    maxAreas: z.number(),
    chatBarTextMax: z.number(),
    imageMinWidth: z.number(),
    imageMaxWidth: z.number(),
    imageMinHeight: z.number(),
    minAspectRatio: z.number(),
    maxImageBytes: z.number(),
  }),
});
export type TRichMenuOptions = z.infer<typeof ZRichMenuOptions>;

/** A rendered preview (the same renderer publishing uses). */
export const ZRichMenuRenderRequest = z.object({ menu: ZRichMenuDesign }).strict();
export const ZRichMenuRender = z.object({
  contentType: z.enum(['image/png', 'image/jpeg']),
  width: z.number(),
  height: z.number(),
  bytes: z.number(),
  /** `data:image/png;base64,…` */
  dataUrl: z.string(),
  /** The areas' pixel bounds on the image (what LINE receives). */
  areas: z.array(ZRichMenuBounds),
  validation: ZRichMenuValidation,
});
export type TRichMenuRender = z.infer<typeof ZRichMenuRender>;

/** The brand's own image, base64 in JSON (≤ 1 MB decoded). */
export const ZRichMenuImageUpload = z
  .object({
    contentType: z.enum(['image/png', 'image/jpeg'], bi('只接受 PNG 或 JPEG', 'PNG or JPEG only')),
    dataBase64: z.string().min(1).max(1_500_000, bi('圖片不可超過 1 MB', 'The image must be 1 MB or smaller')),
  })
  .strict();
export const ZRichMenuImage = z.object({ id: z.number(), contentType: z.string(), width: z.number(), height: z.number(), bytes: z.number(), size: ZRichMenuSize.nullable() });
export type TRichMenuImage = z.infer<typeof ZRichMenuImage>;
