import { HTTPFetchError, type messagingApi } from '@line/bot-sdk';
import type { Logger } from 'pino';
import {
  RICH_MENU_ICONS,
  RICH_MENU_PAGES,
  ZRichMenuVersionInput,
  type TPublishStep,
  type TRichMenuDesign,
  type TRichMenuImage,
  type TRichMenuOptions,
  type TRichMenuOverview,
  type TRichMenuPublication,
  type TRichMenuRender,
  type TRichMenuSchedule,
  type TRichMenuScheduleInput,
  type TRichMenuValidation,
  type TRichMenuVersionParsed,
  type TRichMenuVersionSummary,
  type TRichMenuVersionView,
} from '../../shared/api/richmenus.ts';
import { AppError } from '../../shared/errors.ts';
import { isCalendarDate, zonedTime } from '../../shared/dates.ts';
import { audienceMenu } from '../../shared/richmenus/audience.ts';
import { RICH_MENU_ICON_PATHS } from '../../shared/richmenus/icons.ts';
import { RICH_MENU_DIMENSIONS, templatesFor } from '../../shared/richmenus/layouts.ts';
import { RICH_MENU_PAGE_TARGETS } from '../../shared/richmenus/pages.ts';
import { areaBounds, menuDimensions, RICH_MENU_LIMITS, validateImage, validateMenuAlone, validateVersion, type ValidationContext } from '../../shared/richmenus/validate.ts';
import type { Actor } from '../auth/actor.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import type { Config } from '../config.ts';
import { transact, type Db, type DbOrTx } from '../db/client.ts';
import type { TierChanged, MemberRegistered, MemberFollowed, MemberUnfollowed } from '../events/catalogue.ts';
import { queueJob } from '../jobs/queue.ts';
import type { JobContext, JobKind, ScheduleDef } from '../jobs/runner.ts';
import type { LineClient } from '../line/line-client.ts';
import type { Links } from '../links.ts';
import type { TierLookup } from '../tiers/tier-lookup.port.ts';
import * as repo from './richmenu.repo.ts';
import { probeImage, renderRichMenu } from './render.ts';

export const RICH_MENU_PUBLISH_JOB = 'richmenu_publish';
export const RICH_MENU_RELINK_JOB = 'richmenu_relink';
export const RICH_MENU_TICK_JOB = 'richmenu_tick';

/** LINE's bulk link takes at most 500 user ids a call. */
export const BULK_LINK_MAX = 500;
/** The publishing steps in order. */
const PUBLISH_ORDER: readonly TPublishStep[] = ['create', 'upload', 'alias', 'link', 'default', 'delete'];

/** LINE's create/delete budget (an hour). */
export const CREATE_DELETE_PER_HOUR = 100;

/** A LINE call that failed at a publishing step, with what LINE said. */
class StepError extends Error {
  readonly step: TPublishStep;
  constructor(step: TPublishStep, cause: unknown) {
    super(`${step}: ${describe(cause)}`);
    this.step = step;
  }
}

function describe(error: unknown): string {
  if (error instanceof HTTPFetchError) return `LINE ${error.status} ${error.body.slice(0, 200)}`;
  return error instanceof Error ? error.message : String(error);
}

function isRetryable(error: unknown): boolean {
  if (error instanceof HTTPFetchError) return error.status === 429 || error.status >= 500;
  return !(error instanceof AppError);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RichMenuServiceDeps {
  db: Db;
  config: Config;
  line: LineClient;
  links: Links;
  tiers: TierLookup;
  log: Logger;
  /** LINE calls a second for bulk linking (LINE's limit is per endpoint; we stay well inside it). */
  bulkCallsPerSecond?: number;
}

interface PublishCheckpoint {
  linkAfter: number;
}

/**
 * Rich menus: the brand's designs as versions, rendered on the server and published to LINE
 * step by step (create → upload → alias → link → default → delete) as a leased, resumable job;
 * a failure undoes what the publication changed, so the live version stays as it was.
 */
export class RichMenuService {
  private readonly d: RichMenuServiceDeps;
  private readonly minCallGapMs: number;
  private lastBulkCall = 0;

  constructor(deps: RichMenuServiceDeps) {
    this.d = deps;
    this.minCallGapMs = Math.ceil(1000 / (deps.bulkCallsPerSecond ?? 20));
  }

  // ── the designer ──

  options(): TRichMenuOptions {
    const db = this.d.db;
    return {
      sizes: (['large', 'compact'] as const).map((size) => ({ size, ...RICH_MENU_DIMENSIONS[size] })),
      templates: [...templatesFor('large'), ...templatesFor('compact')],
      pages: RICH_MENU_PAGES.map((page) => ({ page, 'zh-TW': RICH_MENU_PAGE_TARGETS[page]['zh-TW'], en: RICH_MENU_PAGE_TARGETS[page].en, url: this.d.links.liff(RICH_MENU_PAGE_TARGETS[page].path) })),
      icons: RICH_MENU_ICONS.map((icon) => ({ icon, path: RICH_MENU_ICON_PATHS[icon] })),
      tiers: this.d.tiers.listTiers(db).map((t) => ({ id: t.id, name: t.name })),
      limits: {
        maxAreas: RICH_MENU_LIMITS.maxAreas,
        chatBarTextMax: RICH_MENU_LIMITS.chatBarTextMax,
        imageMinWidth: RICH_MENU_LIMITS.imageMinWidth,
        imageMaxWidth: RICH_MENU_LIMITS.imageMaxWidth,
        imageMinHeight: RICH_MENU_LIMITS.imageMinHeight,
        minAspectRatio: RICH_MENU_LIMITS.minAspectRatio,
        maxImageBytes: RICH_MENU_LIMITS.maxImageBytes,
      },
    };
  }

  private context(db: DbOrTx, spec: { menus: TRichMenuDesign[] }): ValidationContext {
    const ids = spec.menus.flatMap((m) => (m.layout.kind === 'image' ? [m.layout.imageId] : []));
    const tiers = this.d.tiers.listTiers(db);
    return { images: repo.imageMetas(db, ids), ...(tiers.length > 0 ? { tierIds: new Set(tiers.map((t) => t.id)) } : {}) };
  }

  validate(input: TRichMenuVersionParsed): TRichMenuValidation {
    return validateVersion(input, this.context(this.d.db, input));
  }

  async render(menu: TRichMenuDesign): Promise<TRichMenuRender> {
    const ctx = this.context(this.d.db, { menus: [menu] });
    const validation = validateMenuAlone(menu, ctx);
    if (!menuDimensions(menu, ctx) || !areaBounds(menu, ctx)) {
      throw new AppError('RICH_MENU_INVALID', { details: { problems: validation.problems } });
    }
    const image = await renderRichMenu(menu, { ...ctx, imageData: (id) => repo.getImage(this.d.db, id) });
    return {
      contentType: image.contentType,
      width: image.width,
      height: image.height,
      bytes: image.data.length,
      dataUrl: `data:${image.contentType};base64,${image.data.toString('base64')}`,
      areas: image.areas,
      validation,
    };
  }

  async uploadImage(actor: Actor, input: { contentType: 'image/png' | 'image/jpeg'; dataBase64: string }): Promise<TRichMenuImage> {
    const data = Buffer.from(input.dataBase64, 'base64');
    const probe = await probeImage(data);
    if (!probe || !probe.contentType) {
      const issue = probe ? validateImage({ contentType: 'other', width: probe.width, height: probe.height, bytes: data.length }) : [];
      const problems = probe ? issue : [{ code: 'IMAGE_UNREADABLE', 'zh-TW': '無法讀取這張圖片，請確認檔案是否完整', en: 'This image cannot be read; check that the file is complete' }];
      throw new AppError('RICH_MENU_IMAGE_INVALID', { message: problems[0]!['zh-TW'], messageEn: problems[0]!.en, details: { problems } });
    }
    const issues = validateImage({ contentType: probe.contentType, width: probe.width, height: probe.height, bytes: data.length });
    if (issues.length > 0) throw new AppError('RICH_MENU_IMAGE_INVALID', { message: issues.map((i) => i['zh-TW']).join('；'), messageEn: issues.map((i) => i.en).join('; '), details: { problems: issues } });
    const row = transact(this.d.db, (tx) => {
      const img = repo.insertImage(tx, { contentType: probe.contentType!, width: probe.width, height: probe.height, bytes: data.length, data });
      writeAudit(tx, actor, { action: 'richmenu.image_upload', targetType: 'richmenu_version', targetId: null, details: { imageId: img.id, width: probe.width, height: probe.height, bytes: data.length } });
      return img;
    });
    const size = (['large', 'compact'] as const).find((s) => RICH_MENU_DIMENSIONS[s].width === probe.width && RICH_MENU_DIMENSIONS[s].height === probe.height) ?? null;
    return { id: row.id, contentType: probe.contentType, width: probe.width, height: probe.height, bytes: data.length, size };
  }

  // ── versions ──

  private spec(row: repo.VersionRow): TRichMenuVersionParsed {
    return ZRichMenuVersionInput.parse({ name: row.name, ...(row.spec as object) });
  }

  private summary(row: repo.VersionRow, liveVersionId: number | null): TRichMenuVersionSummary {
    const spec = row.spec as { menus: unknown[] };
    return {
      id: row.id,
      name: row.name,
      status: row.id === liveVersionId ? 'live' : row.firstPublishedAt ? 'published' : 'draft',
      menuCount: spec.menus.length,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      lastPublishedAt: row.lastPublishedAt?.toISOString() ?? null,
    };
  }

  getVersion(id: number): TRichMenuVersionView {
    const db = this.d.db;
    const row = repo.getVersion(db, id);
    if (!row) throw new AppError('RICH_MENU_VERSION_NOT_FOUND');
    const live = repo.livePublication(db);
    const spec = this.spec(row);
    const lineMenus = live && live.versionId === id ? repo.lineMenusOf(db, live.id).filter((m) => !m.deletedAt).map((m) => ({ key: m.menuKey, richMenuId: m.lineRichMenuId })) : [];
    return { ...this.summary(row, live?.versionId ?? null), menus: spec.menus, audiences: spec.audiences, validation: this.validate(spec), lineMenus };
  }

  createVersion(actor: Actor, input: TRichMenuVersionParsed): TRichMenuVersionView {
    const row = transact(this.d.db, (tx) => {
      const v = repo.insertVersion(tx, { name: input.name, spec: { menus: input.menus, audiences: input.audiences }, createdBy: actor.kind === 'member' ? actor.memberId : null });
      writeAudit(tx, actor, { action: 'richmenu.version_create', targetType: 'richmenu_version', targetId: v.id, targetName: v.name });
      return v;
    });
    return this.getVersion(row.id);
  }

  updateVersion(actor: Actor, id: number, input: TRichMenuVersionParsed): TRichMenuVersionView {
    transact(this.d.db, (tx) => {
      const row = repo.getVersion(tx, id);
      if (!row) throw new AppError('RICH_MENU_VERSION_NOT_FOUND');
      if (!repo.updateDraft(tx, id, { name: input.name, spec: { menus: input.menus, audiences: input.audiences } }, new Date())) throw new AppError('RICH_MENU_VERSION_FROZEN');
      writeAudit(tx, actor, { action: 'richmenu.version_update', targetType: 'richmenu_version', targetId: id, targetName: input.name });
    });
    return this.getVersion(id);
  }

  copyVersion(actor: Actor, id: number): TRichMenuVersionView {
    const row = repo.getVersion(this.d.db, id);
    if (!row) throw new AppError('RICH_MENU_VERSION_NOT_FOUND');
    const spec = this.spec(row);
    return this.createVersion(actor, { ...spec, name: `${spec.name} (copy)`.slice(0, 60) });
  }

  overview(): TRichMenuOverview {
    const db = this.d.db;
    const live = repo.livePublication(db);
    const liveVersionId = live?.versionId ?? null;
    return {
      liveVersionId,
      versions: repo.listVersions(db).map((v) => this.summary(v, liveVersionId)),
      schedules: this.presentSchedules(repo.recentSchedules(db)),
      publications: repo.recentPublications(db).map((p) => this.presentPublication(p)),
      createDeleteBudget: { used: repo.apiCallsSince(db, new Date(Date.now() - 3600_000)), limit: CREATE_DELETE_PER_HOUR },
    };
  }

  presentPublication(p: repo.PublicationRow): TRichMenuPublication {
    return {
      id: p.id,
      versionId: p.versionId,
      kind: p.kind,
      status: p.status,
      step: p.step ?? null,
      failedStep: p.failedStep ?? null,
      error: p.error,
      linkTotal: p.linkTotal,
      linkDone: p.linkDone,
      startedAt: p.startedAt.toISOString(),
      finishedAt: p.finishedAt?.toISOString() ?? null,
    };
  }

  private presentSchedules(rows: repo.ScheduleRow[]): TRichMenuSchedule[] {
    const names = repo.versionNames(this.d.db, [...new Set(rows.map((r) => r.versionId))]);
    return rows.map((r) => ({
      id: r.id,
      versionId: r.versionId,
      versionName: names.get(r.versionId) ?? '',
      startsAt: r.startsLocal,
      endsAt: r.endsLocal,
      status: r.status,
      previousVersionId: r.previousVersionId,
      error: r.error,
    }));
  }

  // ── publishing ──

  /**
   * Asks for a publication of the version (a first publish, a rollback, or a schedule's turn):
   * checks it against LINE's rules and the create/delete budget, then queues the publishing job
   * in the same transaction. Answers the publication as it stands.
   */
  requestPublish(actor: Actor, versionId: number, kind?: 'schedule_start' | 'schedule_end', scheduleId?: number, now = new Date()): repo.PublicationRow {
    const db = this.d.db;
    const row = repo.getVersion(db, versionId);
    if (!row) throw new AppError('RICH_MENU_VERSION_NOT_FOUND');
    const spec = this.spec(row);
    const validation = this.validate(spec);
    if (!validation.ok) {
      const first = validation.problems.find((p) => p.severity === 'error')!;
      throw new AppError('RICH_MENU_INVALID', { message: `${first['zh-TW']}（${first.path}）`, messageEn: `${first.en} (${first.path})`, details: { problems: validation.problems } });
    }
    return transact(db, (tx) => {
      // A publication running, or the undo of one that gave up still putting LINE back.
      if (repo.runningPublication(tx) || repo.hasUnfinishedJob(tx, RICH_MENU_PUBLISH_JOB)) throw new AppError('RICH_MENU_PUBLISH_IN_PROGRESS');
      const live = repo.livePublication(tx);
      const deletes = live ? repo.lineMenusOf(tx, live.id).filter((m) => !m.deletedAt).length : 0;
      const used = repo.apiCallsSince(tx, new Date(now.getTime() - 3600_000));
      if (used + spec.menus.length + deletes > CREATE_DELETE_PER_HOUR) {
        throw new AppError('RICH_MENU_BUDGET_EXCEEDED', { details: { used, needed: spec.menus.length + deletes, limit: CREATE_DELETE_PER_HOUR } });
      }
      const pubKind = kind ?? (repo.wasPublishedBefore(tx, versionId) ? 'rollback' : 'publish');
      const pub = repo.insertPublication(tx, { versionId, kind: pubKind, replacesId: live?.id ?? null, scheduleId: scheduleId ?? null, actorMemberId: actor.kind === 'member' ? actor.memberId : null });
      queueJob(tx, { kind: RICH_MENU_PUBLISH_JOB, key: `publication:${pub.id}`, payload: { publicationId: pub.id } });
      return pub;
    });
  }

  /** Waits (bounded) for a publication to finish, for the console's answer when this process runs the jobs. */
  async waitForPublication(id: number, timeoutMs: number): Promise<TRichMenuPublication> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = repo.getPublication(this.d.db, id)!;
      if (p.finishedAt !== null || Date.now() > deadline) return this.presentPublication(p);
      await sleep(50);
    }
  }

  publication(id: number): TRichMenuPublication {
    return this.presentPublication(repo.getPublication(this.d.db, id)!);
  }

  /** One LINE call, retried on 429/5xx (honouring Retry-After, bounded), else thrown as the step's error. */
  private async call<T>(step: TPublishStep, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await fn();
      } catch (error) {
        if (attempt >= 3 || !isRetryable(error)) throw new StepError(step, error);
        const retryAfter = error instanceof HTTPFetchError ? Number(error.headers.get('retry-after')) : NaN;
        await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 5000) : 200 * attempt);
      }
    }
  }

  /** Keeps bulk link calls under our per-second pace. */
  private async pace(): Promise<void> {
    const wait = this.lastBulkCall + this.minCallGapMs - Date.now();
    if (wait > 0) await sleep(wait);
    this.lastBulkCall = Date.now();
  }

  private lineRequest(menu: TRichMenuDesign, ctx: ValidationContext): messagingApi.RichMenuRequest {
    const dims = menuDimensions(menu, ctx)!;
    const bounds = areaBounds(menu, ctx)!;
    return {
      size: dims,
      selected: menu.selected,
      name: menu.name.slice(0, 300),
      chatBarText: menu.chatBarText,
      areas: menu.areas.map((area, i) => ({ bounds: bounds[i]!, action: this.lineAction(area) })),
    };
  }

  private lineAction(area: TRichMenuDesign['areas'][number]): messagingApi.Action {
    const label = area.label.trim().length > 0 ? { label: [...area.label].slice(0, 20).join('') } : {};
    const a = area.action;
    switch (a.type) {
      case 'page':
        return { type: 'uri', uri: this.d.links.liff(RICH_MENU_PAGE_TARGETS[a.page].path), ...label } as messagingApi.URIAction;
      case 'uri':
        return { type: 'uri', uri: a.uri, ...label } as messagingApi.URIAction;
      case 'message':
        return { type: 'message', text: a.text, ...label } as messagingApi.MessageAction;
      case 'postback':
        return { type: 'postback', data: a.data, ...(a.displayText ? { displayText: a.displayText } : {}), ...label } as messagingApi.PostbackAction;
      case 'switch':
        return { type: 'richmenuswitch', richMenuAliasId: a.to, data: `action=switch&to=${a.to}`, ...label } as messagingApi.RichMenuSwitchAction;
    }
  }

  /** Which LINE menu each follower should be on under a publication (null: LINE's default covers them). */
  private targets(db: DbOrTx, spec: TRichMenuVersionParsed, menuIds: Map<string, string>, followers: repo.Follower[]): Map<number, { key: string; richMenuId: string } | null> {
    const out = new Map<number, { key: string; richMenuId: string } | null>();
    for (const f of followers) {
      const tierId = f.registered && spec.audiences.tiers.length > 0 ? (this.d.tiers.currentTier(db, f.memberId)?.id ?? null) : null;
      const key = audienceMenu(spec.audiences, { registered: f.registered, tierId });
      out.set(f.memberId, key === spec.audiences.default ? null : { key, richMenuId: menuIds.get(key)! });
    }
    return out;
  }

  /**
   * Moves a page of followers to their menus under the publication: bulk links (≤ 500 a call,
   * paced) for those off the default, a bulk unlink for those back on it. Returns the rows to save.
   */
  private async linkPage(
    step: TPublishStep,
    db: DbOrTx,
    publicationId: number,
    spec: TRichMenuVersionParsed,
    menuIds: Map<string, string>,
    followers: repo.Follower[],
  ): Promise<{ save: { memberId: number; menuKey: string; lineRichMenuId: string; publicationId: number }[]; drop: number[] }> {
    const targets = this.targets(db, spec, menuIds, followers);
    const existing = repo.linksOf(db, followers.map((f) => f.memberId));
    const byMenu = new Map<string, repo.Follower[]>();
    const unlink: repo.Follower[] = [];
    for (const f of followers) {
      const t = targets.get(f.memberId);
      if (t) byMenu.set(t.richMenuId, [...(byMenu.get(t.richMenuId) ?? []), f]);
      else if (existing.has(f.memberId)) unlink.push(f);
    }
    for (const [richMenuId, group] of byMenu) {
      for (let i = 0; i < group.length; i += BULK_LINK_MAX) {
        await this.pace();
        await this.call(step, () => this.d.line.linkRichMenuToUsers(richMenuId, group.slice(i, i + BULK_LINK_MAX).map((f) => f.lineUserId)));
      }
    }
    for (let i = 0; i < unlink.length; i += BULK_LINK_MAX) {
      await this.pace();
      await this.call(step, () => this.d.line.unlinkRichMenuFromUsers(unlink.slice(i, i + BULK_LINK_MAX).map((f) => f.lineUserId)));
    }
    const save = [...targets].flatMap(([memberId, t]) => (t ? [{ memberId, menuKey: t.key, lineRichMenuId: t.richMenuId, publicationId }] : []));
    return { save, drop: unlink.map((f) => f.memberId) };
  }

  private menuIdsOf(publicationId: number): Map<string, string> {
    return new Map(repo.lineMenusOf(this.d.db, publicationId).filter((m) => !m.deletedAt).map((m) => [m.menuKey, m.lineRichMenuId]));
  }

  private versionSpec(versionId: number): TRichMenuVersionParsed {
    return this.spec(repo.getVersion(this.d.db, versionId)!);
  }

  /** The publishing job: each step commits its progress, so a killed process resumes where it stopped. */
  publishJob(): JobKind<{ publicationId: number; undo?: boolean }, PublishCheckpoint> {
    return {
      maxAttempts: 20,
      // Given up (a crash loop, the database unreachable): the publication must not block the next
      // one. It fails at the step it was on, the live publication stays the live one, and an undo
      // job puts LINE back as the live version has it (what this one may have changed there: its
      // aliases, links, perhaps the default) and deletes its menus.
      onFailed: (tx, job, error) => {
        const payload = job.payload as { publicationId?: number; undo?: boolean };
        const pub = payload.publicationId ? repo.getPublication(tx, payload.publicationId) : undefined;
        if (!pub) return;
        if (payload.undo) {
          repo.updatePublication(tx, pub.id, { error: `${pub.error ?? ''}; undo gave up: ${error} — the minute job deletes its menus`.slice(0, 1000) });
          return;
        }
        if (pub.finishedAt !== null) return;
        if (pub.status === 'running') {
          this.recordFailure(tx, pub, pub.step ?? 'create', `gave up: ${error}`, new Date());
          queueJob(tx, { kind: RICH_MENU_PUBLISH_JOB, key: `publication:${pub.id}:undo`, payload: { publicationId: pub.id, undo: true } });
        } else repo.updatePublication(tx, pub.id, { failedStep: 'delete', error: `gave up: ${error}`.slice(0, 1000), finishedAt: new Date() });
      },
      run: async (ctx) => {
        const pub = repo.getPublication(this.d.db, ctx.payload.publicationId);
        if (pub && ctx.payload.undo) {
          if (pub.status !== 'failed') return;
          const notes = await this.undoOnLine(pub, pub.failedStep ?? 'create', () => ctx.now(), { restoreDefault: true });
          ctx.commit((tx) => {
            if (notes.length > 0) repo.updatePublication(tx, pub.id, { error: [pub.error ?? '', ...notes].join('; ').slice(0, 1000) });
            return { checkpoint: { linkAfter: 0 }, value: undefined };
          });
          return;
        }
        if (!pub || pub.finishedAt !== null || pub.status === 'failed') return;
        try {
          await this.runPublication(ctx, pub);
        } catch (error) {
          if (!(error instanceof StepError)) throw error;
          await this.failPublication(ctx, pub, error);
        }
      },
    };
  }

  private async runPublication(ctx: JobContext<{ publicationId: number; undo?: boolean }, PublishCheckpoint>, pub: repo.PublicationRow): Promise<void> {
    const db = this.d.db;
    const spec = this.versionSpec(pub.versionId);
    const vctx = this.context(db, spec);
    const now = () => ctx.now();
    if (pub.status === 'succeeded') return this.deleteReplaced(ctx, pub);
    const setStep = (step: TPublishStep, extra: Partial<repo.PublicationRow> = {}) =>
      ctx.commit((tx) => {
        repo.updatePublication(tx, pub.id, { step, ...extra });
        return { checkpoint: ctx.checkpoint ?? { linkAfter: 0 }, value: undefined };
      });

    // create
    const made = new Map(repo.lineMenusOf(db, pub.id).map((m) => [m.menuKey, m]));
    for (const menu of spec.menus) {
      if (made.has(menu.key)) continue;
      const request = this.lineRequest(menu, vctx);
      const richMenuId = await this.call('create', () => this.d.line.createRichMenu(request));
      ctx.commit((tx) => {
        repo.insertLineMenu(tx, { publicationId: pub.id, menuKey: menu.key, lineRichMenuId: richMenuId });
        repo.recordApiCall(tx, 'create', now());
        repo.updatePublication(tx, pub.id, { step: 'create' });
        return { checkpoint: ctx.checkpoint ?? { linkAfter: 0 }, value: undefined };
      });
    }

    // upload
    for (const row of repo.lineMenusOf(db, pub.id)) {
      if (row.imageUploaded) continue;
      const menu = spec.menus.find((m) => m.key === row.menuKey)!;
      let image;
      try {
        image = await renderRichMenu(menu, { ...vctx, imageData: (id) => repo.getImage(db, id) });
      } catch (error) {
        throw new StepError('upload', error);
      }
      try {
        await this.call('upload', () => this.d.line.setRichMenuImage(row.lineRichMenuId, image.data, image.contentType));
      } catch (error) {
        // A resumed job may find its image already there (LINE: an image cannot be uploaded twice).
        if (!(error instanceof StepError && /already been uploaded/i.test(error.message))) throw error;
      }
      ctx.commit((tx) => {
        repo.markImageUploaded(tx, row.id);
        repo.updatePublication(tx, pub.id, { step: 'upload' });
        return { checkpoint: ctx.checkpoint ?? { linkAfter: 0 }, value: undefined };
      });
    }
    const menuIds = this.menuIdsOf(pub.id);

    // alias: every tab's alias points at this publication's menu
    setStep('alias');
    for (const menu of spec.menus) await this.call('alias', () => this.d.line.upsertRichMenuAlias(menu.key, menuIds.get(menu.key)!));

    // link: followers off the default, in pages of 500, checkpointed
    if (pub.linkTotal === null) setStep('link', { linkTotal: repo.followersCount(db) });
    let after = ctx.checkpoint?.linkAfter ?? 0;
    for (;;) {
      const page = repo.followersAfter(db, after, BULK_LINK_MAX);
      if (page.length === 0) break;
      const { save, drop } = await this.linkPage('link', db, pub.id, spec, menuIds, page);
      const last = page[page.length - 1]!.memberId;
      ctx.commit((tx) => {
        repo.saveLinks(tx, save, now());
        repo.dropLinks(tx, drop);
        repo.updatePublication(tx, pub.id, { step: 'link', linkDone: (repo.getPublication(tx, pub.id)?.linkDone ?? 0) + page.length });
        return { checkpoint: { linkAfter: last }, value: undefined };
      });
      after = last;
      await ctx.pause();
    }

    // default: from here the version is live
    setStep('default');
    await this.call('default', () => this.d.line.setDefaultRichMenu(menuIds.get(spec.audiences.default)!));
    ctx.commit((tx) => {
      repo.updatePublication(tx, pub.id, { step: 'default', status: 'succeeded' });
      repo.markVersionPublished(tx, pub.versionId, now());
      const action = pub.kind === 'rollback' ? 'richmenu.rollback' : 'richmenu.publish';
      writeAudit(tx, this.actorOf(pub), { action, targetType: 'richmenu_version', targetId: pub.versionId, details: { publicationId: pub.id, kind: pub.kind, menus: [...menuIds.keys()] } });
      if (repo.hasRelinks(tx) && !repo.hasPendingJob(tx, RICH_MENU_RELINK_JOB)) queueJob(tx, { kind: RICH_MENU_RELINK_JOB, key: `relink@pub${pub.id}`, payload: {} });
      return { checkpoint: ctx.checkpoint ?? { linkAfter: after }, value: undefined };
    });

    await this.deleteReplaced(ctx, pub);
  }

  /** The last step: the replaced publication's menus go (a failure keeps them for the tick to retry; the new version stays live). */
  private async deleteReplaced(ctx: JobContext<{ publicationId: number; undo?: boolean }, PublishCheckpoint>, pub: repo.PublicationRow): Promise<void> {
    let failure: string | null = null;
    if (pub.replacesId !== null) {
      try {
        await this.deleteMenus(pub.replacesId, 'delete', () => ctx.now());
      } catch (error) {
        failure = `${describe(error)} — the previous version's menus are kept and deleted later`;
      }
    }
    ctx.commit((tx) => {
      repo.updatePublication(tx, pub.id, { ...(failure ? { failedStep: 'delete' as const, error: failure } : { step: 'delete' as const }), finishedAt: ctx.now() });
      return { checkpoint: ctx.checkpoint ?? { linkAfter: 0 }, value: undefined };
    });
  }

  private actorOf(pub: repo.PublicationRow): Actor {
    return pub.actorMemberId !== null ? ({ kind: 'member', memberId: pub.actorMemberId } as Actor) : { kind: 'system', label: 'worker' };
  }

  private async deleteMenus(publicationId: number, step: TPublishStep, now: () => Date): Promise<void> {
    for (const row of repo.lineMenusOf(this.d.db, publicationId)) {
      if (row.deletedAt) continue;
      await this.call(step, () => this.d.line.deleteRichMenu(row.lineRichMenuId));
      transact(this.d.db, (tx) => {
        repo.markLineMenuDeleted(tx, row.id, now());
        repo.recordApiCall(tx, 'delete', now());
      });
    }
  }

  /**
   * Undoes what a failed publication changed on LINE — members it linked go back to the live
   * version's menus, aliases point at the live menus again, its own menus are deleted — and
   * records the step that failed. The live publication is never touched.
   */
  private async failPublication(ctx: JobContext<{ publicationId: number; undo?: boolean }, PublishCheckpoint>, pub: repo.PublicationRow, error: StepError): Promise<void> {
    const now = () => ctx.now();
    const cleanup = await this.undoOnLine(repo.getPublication(this.d.db, pub.id) ?? pub, error.step, now, { restoreDefault: false });
    const message = [error.message, ...cleanup].join('; ');
    transact(this.d.db, (tx) => this.recordFailure(tx, pub, error.step, message, now()));
    this.d.log.warn({ publicationId: pub.id, step: error.step, error: error.message }, 'rich menu publication failed; the live version is unchanged');
  }

  /** The publication failed at `step`: its schedule too, and the audit log says so. */
  private recordFailure(tx: DbOrTx, pub: repo.PublicationRow, step: TPublishStep, message: string, at: Date): void {
    const text = message.slice(0, 1000);
    repo.updatePublication(tx, pub.id, { status: 'failed', failedStep: step, error: text, finishedAt: at });
    if (pub.scheduleId !== null) {
      const s = repo.getSchedule(tx, pub.scheduleId);
      if (s && (s.status === 'active' || s.status === 'done')) repo.moveSchedule(tx, s.id, s.status, { status: 'failed', error: text });
    }
    writeAudit(tx, this.actorOf(pub), { action: 'richmenu.publish_failed', targetType: 'richmenu_version', targetId: pub.versionId, details: { publicationId: pub.id, step, error: text } });
  }

  /**
   * Puts LINE back as the live publication has it and deletes the failed one's menus: members it
   * linked go back (to the live version's menus, or off per-user links when nothing was live),
   * the live tabs' aliases point at the live menus again, aliases of tabs only this version had
   * are deleted (else they would point at a deleted menu), and — when the job gave up and may
   * have set it — the default goes back. Answers what could not be undone (the minute job
   * deletes menus left behind).
   */
  private async undoOnLine(pub: repo.PublicationRow, failedStep: TPublishStep, now: () => Date, opts: { restoreDefault: boolean }): Promise<string[]> {
    const db = this.d.db;
    const cleanup: string[] = [];
    const live = pub.replacesId !== null ? repo.getPublication(db, pub.replacesId) : undefined;
    const liveSpec = live ? this.versionSpec(live.versionId) : null;
    const liveIds = live ? this.menuIdsOf(live.id) : new Map<string, string>();
    try {
      for (;;) {
        const ids = repo.linkedBy(db, pub.id, 0, BULK_LINK_MAX);
        if (ids.length === 0) break;
        const found = repo.followersOf(db, ids);
        const followers = ids.map((id) => found.get(id) ?? { memberId: id, lineUserId: '', registered: false }).filter((f) => f.lineUserId);
        if (liveSpec) {
          const { save, drop } = await this.linkPage('link', db, live!.id, liveSpec, liveIds, followers);
          transact(db, (tx) => {
            repo.saveLinks(tx, save, now());
            repo.dropLinks(tx, [...drop, ...ids.filter((id) => !save.some((s) => s.memberId === id))]);
          });
        } else {
          if (followers.length > 0) await this.call('link', () => this.d.line.unlinkRichMenuFromUsers(followers.map((f) => f.lineUserId)));
          transact(db, (tx) => repo.dropLinks(tx, ids));
        }
      }
    } catch (e) {
      cleanup.push(`links not restored: ${describe(e)}`);
    }
    if (liveSpec) {
      for (const menu of liveSpec.menus) {
        const id = liveIds.get(menu.key);
        if (!id) continue;
        try {
          await this.call('alias', () => this.d.line.upsertRichMenuAlias(menu.key, id));
        } catch (e) {
          cleanup.push(`alias ${menu.key} not restored: ${describe(e)}`);
        }
      }
    }
    const reached = Math.max(PUBLISH_ORDER.indexOf(failedStep), pub.step ? PUBLISH_ORDER.indexOf(pub.step) : -1);
    if (reached >= PUBLISH_ORDER.indexOf('alias')) {
      for (const menu of this.versionSpec(pub.versionId).menus) {
        if (liveIds.has(menu.key)) continue;
        try {
          await this.call('alias', () => this.d.line.deleteRichMenuAlias(menu.key));
        } catch (e) {
          cleanup.push(`alias ${menu.key} not deleted: ${describe(e)}`);
        }
      }
    }
    if (opts.restoreDefault && reached >= PUBLISH_ORDER.indexOf('link')) {
      try {
        const back = liveSpec ? liveIds.get(liveSpec.audiences.default) : undefined;
        await this.call('default', () => (back ? this.d.line.setDefaultRichMenu(back) : this.d.line.cancelDefaultRichMenu()));
      } catch (e) {
        cleanup.push(`default not restored: ${describe(e)}`);
      }
    }
    try {
      await this.deleteMenus(pub.id, failedStep, now);
    } catch (e) {
      cleanup.push(`new menus not deleted yet: ${describe(e)}`);
    }
    return cleanup;
  }

  // ── audiences: one member at a time (registration, tier change, follow), drained in bulk ──

  private askRelink(tx: DbOrTx, memberId: number, at: Date): void {
    repo.requestRelink(tx, memberId, at);
    if (!repo.hasPendingJob(tx, RICH_MENU_RELINK_JOB)) queueJob(tx, { kind: RICH_MENU_RELINK_JOB, key: `relink@${memberId}:${at.getTime()}`, payload: {} });
  }

  /** A member followed, registered or changed tier: their menu may change (when a version is live). */
  onAudienceChanged(tx: DbOrTx, event: MemberFollowed | MemberRegistered | TierChanged): void {
    if (repo.livePublication(tx)) this.askRelink(tx, event.memberId, event.at);
  }

  /**
   * A member who unfollows (blocks) drops out of the pending relinks: no LINE call is spent on
   * them. Their link row stays (LINE keeps the per-user link); a follow again asks a relink.
   */
  onUnfollowed(tx: DbOrTx, event: MemberUnfollowed): void {
    repo.cancelRelink(tx, event.memberId);
  }

  /** Drains relink requests in pages of 500 against the live publication (waits while one is being published). */
  relinkJob(): JobKind<Record<string, never>, { done: number }> {
    return {
      maxAttempts: 10,
      run: async (ctx) => {
        const db = this.d.db;
        for (;;) {
          if (repo.runningPublication(db)) return; // the publication queues a relink when it finishes
          const live = repo.livePublication(db);
          const batch = repo.relinkBatch(db, BULK_LINK_MAX);
          if (batch.length === 0) return;
          if (!live) {
            ctx.commit((tx) => {
              repo.clearRelinks(tx, batch);
              return { checkpoint: { done: (ctx.checkpoint?.done ?? 0) + batch.length }, value: undefined };
            });
            continue;
          }
          const spec = this.versionSpec(live.versionId);
          const found = repo.followersOf(db, batch.map((b) => b.memberId));
          const followers = batch.map((b) => found.get(b.memberId)).filter((f): f is repo.Follower => f !== undefined);
          let result;
          try {
            result = await this.linkPage('link', db, live.id, spec, this.menuIdsOf(live.id), followers);
          } catch (error) {
            throw new Error(describe(error));
          }
          ctx.commit((tx) => {
            repo.saveLinks(tx, result.save, ctx.now());
            repo.dropLinks(tx, result.drop);
            repo.clearRelinks(tx, batch);
            return { checkpoint: { done: (ctx.checkpoint?.done ?? 0) + batch.length }, value: undefined };
          });
          await ctx.pause();
        }
      },
    };
  }

  // ── schedules ──

  /** A brand-local `YYYY-MM-DDTHH:mm` as an instant; an impossible date or time is invalid (NaN). */
  private toInstant(local: string): Date {
    const [date, time] = local.split('T') as [string, string];
    const [h, m] = time.split(':').map(Number) as [number, number];
    if (!isCalendarDate(date) || h > 23 || m > 59) return new Date(NaN);
    return zonedTime(date, h * 60 + m, this.d.config.brandTimezone);
  }

  schedule(actor: Actor, versionId: number, input: TRichMenuScheduleInput, now = new Date()): TRichMenuSchedule {
    const version = repo.getVersion(this.d.db, versionId);
    if (!version) throw new AppError('RICH_MENU_VERSION_NOT_FOUND');
    const validation = this.validate(this.spec(version));
    if (!validation.ok) throw new AppError('RICH_MENU_INVALID', { details: { problems: validation.problems } });
    const startsAt = this.toInstant(input.startsAt);
    const endsAt = this.toInstant(input.endsAt);
    if (Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime()) || endsAt <= startsAt || endsAt <= now) throw new AppError('RICH_MENU_SCHEDULE_INVALID', { field: 'endsAt' });
    const row = transact(this.d.db, (tx) => {
      const overlaps = repo.openSchedules(tx).some((s) => s.startsAt < endsAt && startsAt < s.endsAt);
      if (overlaps) throw new AppError('RICH_MENU_SCHEDULE_INVALID', { field: 'startsAt', message: '與另一個排程的時間重疊', messageEn: 'It overlaps another schedule' });
      const s = repo.insertSchedule(tx, { versionId, startsAt, endsAt, startsLocal: input.startsAt, endsLocal: input.endsAt });
      writeAudit(tx, actor, { action: 'richmenu.schedule_create', targetType: 'richmenu_schedule', targetId: s.id, targetName: version.name, details: { versionId, startsAt: input.startsAt, endsAt: input.endsAt, timeZone: this.d.config.brandTimezone } });
      return s;
    });
    return this.presentSchedules([row])[0]!;
  }

  cancelSchedule(actor: Actor, id: number): TRichMenuSchedule {
    const row = transact(this.d.db, (tx) => {
      const s = repo.getSchedule(tx, id);
      if (!s) throw new AppError('RICH_MENU_SCHEDULE_NOT_FOUND');
      if (s.status === 'pending') repo.moveSchedule(tx, id, 'pending', { status: 'cancelled' });
      else if (s.status === 'active') repo.moveSchedule(tx, id, 'active', { endsAt: new Date(0) });
      writeAudit(tx, actor, { action: 'richmenu.schedule_cancel', targetType: 'richmenu_schedule', targetId: id, details: { status: s.status } });
      return repo.getSchedule(tx, id)!;
    });
    return this.presentSchedules([row])[0]!;
  }

  /**
   * Every minute (brand time): a schedule whose start came makes its version live; one whose
   * end came brings back the version that was live before it. Also retries deleting menus a
   * failed step left on LINE, within the hour's budget.
   */
  tickJob(): JobKind {
    return {
      run: async (ctx) => {
        const db = this.d.db;
        const now = ctx.now();
        if (repo.runningPublication(db) || repo.hasUnfinishedJob(db, RICH_MENU_PUBLISH_JOB)) return;
        const system: Actor = { kind: 'system', label: 'worker' };
        const ending = repo.dueToEnd(db, now);
        if (ending) {
          const back = ending.previousVersionId;
          if (back !== null) {
            const pub = this.tryPublish(system, back, 'schedule_end', ending.id, now);
            if (pub) transact(db, (tx) => repo.moveSchedule(tx, ending.id, 'active', { status: 'done' }));
          } else {
            transact(db, (tx) => repo.moveSchedule(tx, ending.id, 'active', { status: 'done' }));
          }
          return;
        }
        const starting = repo.dueToStart(db, now);
        if (starting) {
          if (starting.endsAt <= now) {
            transact(db, (tx) => repo.moveSchedule(tx, starting.id, 'pending', { status: 'failed', error: 'missed: the window passed while the server was down' }));
            return;
          }
          const live = repo.livePublication(db);
          const pub = this.tryPublish(system, starting.versionId, 'schedule_start', starting.id, now);
          if (pub) transact(db, (tx) => repo.moveSchedule(tx, starting.id, 'pending', { status: 'active', previousVersionId: live?.versionId ?? null }));
          return;
        }
        await this.deleteStrays(now);
      },
    };
  }

  private tryPublish(actor: Actor, versionId: number, kind: 'schedule_start' | 'schedule_end', scheduleId: number, now: Date): repo.PublicationRow | null {
    try {
      return this.requestPublish(actor, versionId, kind, scheduleId, now);
    } catch (error) {
      if (error instanceof AppError && error.code === 'RICH_MENU_BUDGET_EXCEEDED') return null; // next minute
      const message = error instanceof Error ? error.message : String(error);
      transact(this.d.db, (tx) => {
        const s = repo.getSchedule(tx, scheduleId);
        if (s && (s.status === 'pending' || s.status === 'active')) repo.moveSchedule(tx, scheduleId, s.status, { status: 'failed', error: message.slice(0, 500) });
      });
      return null;
    }
  }

  private async deleteStrays(now: Date): Promise<void> {
    const db = this.d.db;
    const live = repo.livePublication(db);
    const strays = repo.strayLineMenus(db, live ? [live.id] : []);
    for (const row of strays) {
      if (repo.apiCallsSince(db, new Date(now.getTime() - 3600_000)) >= CREATE_DELETE_PER_HOUR) return;
      try {
        await this.d.line.deleteRichMenu(row.lineRichMenuId);
      } catch {
        return;
      }
      transact(db, (tx) => {
        repo.markLineMenuDeleted(tx, row.id, now);
        repo.recordApiCall(tx, 'delete', now);
      });
    }
  }

  tickSchedule(): ScheduleDef {
    return { name: 'richmenu_tick', cron: '* * * * *', kind: RICH_MENU_TICK_JOB, graceMs: 10 * 60_000 };
  }
}
