import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors.ts';
import type { TDeliveryPage, TNotificationStatus, TTemplateInput, TTemplateView } from '../../shared/api/notifications.ts';
import { addDays, isCalendarDate, utcOffsetMinutes, zonedTime } from '../../shared/dates.ts';
import { isNotificationKind, KINDS, NOTIFICATION_KINDS, variablesOf, type NotificationKind, type VariableDef } from '../../shared/notifications/kinds.ts';
import { markAsTest, renderNotification, toFlexMessage, validateTemplate, type Lang, type NotificationTemplate } from '../../shared/notifications/render.ts';
import { normalizeMobile } from '../../shared/phone.ts';
import type { Actor } from '../auth/actor.ts';
import { requireAdmin, requireApiScope } from '../auth/policies.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import { diffSnapshots } from '../../shared/audit/catalogue.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { transact } from '../db/client.ts';
import type { LineClient, LineMessage } from '../line/line-client.ts';
import type { Links } from '../links.ts';
import { Lockout } from '../limits/lockout.ts';
import { LOCKOUTS } from '../limits/rules.ts';
import { findMemberById, findMemberByLineUserId, findMemberByMobile, type MemberRow } from '../members/member.repo.ts';
import { findIdempotentResult, requestHash, storeIdempotentResult } from '../idempotency/idempotency.repo.ts';
import { readFlag } from '../runtime-flags/runtime-flags.repo.ts';
import { QUOTA_FLAG, type QuotaState } from './dispatcher.ts';
import { notify } from './notify.ts';
import { countDeliveriesPerDay, countOutboxByStatus, findOutbox, listDeliveries, PRIORITY_RANK, type DeliveryFilter, type OutboxRow } from './outbox.repo.ts';
import { deleteTemplate, findTemplate, saveTemplate } from './template.repo.ts';

export function presentStatus(row: OutboxRow): TNotificationStatus {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    reason: row.reason,
    attempts: row.attempts,
    dueAt: row.dueAt.toISOString(),
    sentAt: row.sentAt ? row.sentAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  };
}

const MAX_SCHEDULE_AHEAD_MS = 30 * 86_400_000;

export interface PartnerRequest {
  member: { id: number } | { lineUserId: string } | { mobile: string };
  kind: string;
  variables: Record<string, string | number | boolean | null>;
  cta?: { label?: string | undefined; url: string } | undefined;
  sendAt?: string | undefined;
}

/** What the audit log compares for a template edit: its settings and each language's wording (`zh-TW.title` …). */
function auditSnapshot(t: NotificationTemplate): Record<string, unknown> {
  return { enabled: t.enabled, ctaTarget: t.ctaTarget, heroImageUrl: t.heroImageUrl, accentColor: t.accentColor, ...t.content };
}

/** Templates, previews, the delivery log, and notifications requested by partners. */
export class NotificationService {
  private readonly db: Db;
  private readonly config: Config;
  private readonly line: LineClient;
  private readonly links: Links;
  /** Partner requests naming no member, per API key (LOCKOUTS.partnerLookup): 404 is no fast membership oracle. */
  private readonly lookupMisses: Lockout;

  constructor(deps: { db: Db; config: Config; line: LineClient; links: Links }) {
    this.db = deps.db;
    this.config = deps.config;
    this.line = deps.line;
    this.links = deps.links;
    this.lookupMisses = new Lockout(deps.db, LOCKOUTS.partnerLookup);
  }

  private kindOf(kind: string): NotificationKind {
    if (!isNotificationKind(kind)) throw new AppError('NOT_FOUND', { message: `沒有 ${kind} 這種通知`, messageEn: `No notification kind ${kind}` });
    return kind;
  }

  private view(kind: NotificationKind, lang: Lang): TTemplateView {
    const t = findTemplate(this.db, kind);
    const def = KINDS[kind];
    return {
      kind,
      label: def.label[lang],
      priority: def.priority,
      partner: def.partner,
      enabled: t.enabled,
      content: t.content,
      ctaTarget: t.ctaTarget,
      heroImageUrl: t.heroImageUrl,
      accentColor: t.accentColor,
      isCustom: t.isCustom,
      updatedAt: t.updatedAt ? t.updatedAt.toISOString() : null,
      variables: Object.entries(variablesOf(kind)).map(([name, v]) => ({ name, type: v.type, required: v.required, label: v.label[lang], example: v.example })),
    };
  }

  listTemplates(caller: Actor | undefined, lang: Lang): TTemplateView[] {
    requireAdmin(caller);
    return NOTIFICATION_KINDS.map((k) => this.view(k, lang));
  }

  private asTemplate(kind: NotificationKind, input: TTemplateInput): NotificationTemplate {
    return { kind, enabled: input.enabled, content: input.content, ctaTarget: input.ctaTarget, heroImageUrl: input.heroImageUrl || null, accentColor: input.accentColor };
  }

  /** Saves the brand's wording; unknown variables and over-long text are refused now, not at send time. */
  saveTemplate(caller: Actor | undefined, kindName: string, input: TTemplateInput, lang: Lang): TTemplateView {
    const actor = requireAdmin(caller);
    const kind = this.kindOf(kindName);
    const template = this.asTemplate(kind, input);
    const problems = validateTemplate(template);
    if (problems.length > 0) {
      const first = problems[0]!;
      throw new AppError('VALIDATION_FAILED', {
        message: `${first.field}: ${first.message['zh-TW']}`,
        messageEn: `${first.field}: ${first.message.en}`,
        field: first.field,
        details: { problems: problems.map((p) => ({ field: p.field, message: p.message[lang] })) },
      });
    }
    transact(this.db, (tx) => {
      const before = findTemplate(tx, kind);
      saveTemplate(tx, template, actor.memberId);
      const diff = diffSnapshots(auditSnapshot(before), auditSnapshot(template));
      writeAudit(tx, actor, { action: 'template.update', targetType: 'notification_template', targetId: kind, targetName: KINDS[kind].label['zh-TW'], details: { enabled: template.enabled, diff } });
    });
    return this.view(kind, lang);
  }

  resetTemplate(caller: Actor | undefined, kindName: string, lang: Lang): TTemplateView {
    const actor = requireAdmin(caller);
    const kind = this.kindOf(kindName);
    transact(this.db, (tx) => {
      const before = findTemplate(tx, kind);
      deleteTemplate(tx, kind);
      const diff = diffSnapshots(auditSnapshot(before), auditSnapshot(findTemplate(tx, kind)));
      writeAudit(tx, actor, { action: 'template.reset', targetType: 'notification_template', targetId: kind, targetName: KINDS[kind].label['zh-TW'], details: { diff } });
    });
    return this.view(kind, lang);
  }

  private exampleVariables(kind: NotificationKind): Record<string, unknown> {
    return Object.fromEntries(Object.entries(variablesOf(kind)).map(([name, v]) => [name, v.example]));
  }

  private render(template: NotificationTemplate, variables: Record<string, unknown>, lang: Lang, cta?: { label?: string | undefined; url: string }, options: { isTest?: boolean } = {}) {
    const rendered = renderNotification(template, variables, { lang, timeZone: this.config.brandTimezone, brandName: this.config.brandName, liffUrl: (p) => this.links.liff(p) }, cta);
    return toFlexMessage(options.isTest ? markAsTest(rendered, lang) : rendered, this.config.brandName);
  }

  /** The Flex message as a chosen member would get it (their real name), or with example values. */
  preview(caller: Actor | undefined, kindName: string, input: { template: TTemplateInput; memberId?: number | undefined; lang: Lang; variables?: Record<string, string | number | null> | undefined }, uiLang: Lang) {
    requireAdmin(caller);
    const kind = this.kindOf(kindName);
    const template = this.asTemplate(kind, input.template);
    const variables: Record<string, unknown> = { ...this.exampleVariables(kind), ...(input.variables ?? {}) };
    if (input.memberId) {
      const member = findMemberById(this.db, input.memberId);
      if (!member) throw new AppError('MEMBER_NOT_FOUND');
      variables.memberName = member.name ?? member.displayName;
    }
    const message = this.render(template, variables, input.lang);
    return {
      message,
      problems: validateTemplate(template).map((p) => ({ field: p.field, message: p.message[uiLang] })),
      bytes: new TextEncoder().encode(JSON.stringify(message)).length,
    };
  }

  /** Pushes the (possibly unsaved) template to the admin's own LINE at once, with example values. */
  async testSend(caller: Actor | undefined, kindName: string, input: { template?: TTemplateInput | undefined; lang?: Lang | undefined }): Promise<TNotificationStatus> {
    const actor = requireAdmin(caller);
    const kind = this.kindOf(kindName);
    const member = findMemberById(this.db, actor.memberId)!;
    const template = input.template ? this.asTemplate(kind, input.template) : findTemplate(this.db, kind);
    const problems = validateTemplate(template);
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { message: `${problems[0]!.field}: ${problems[0]!.message['zh-TW']}`, messageEn: `${problems[0]!.field}: ${problems[0]!.message.en}`, field: problems[0]!.field });
    const lang: Lang = input.lang ?? (member.language?.startsWith('en') ? 'en' : 'zh-TW');
    const message = this.render(template, { ...this.exampleVariables(kind), memberName: member.name ?? member.displayName }, lang, undefined, { isTest: true });
    const id = randomUUID();
    const outcome = await this.line.push(member.lineUserId, [message as unknown as LineMessage], id);
    const now = new Date().toISOString();
    return {
      id,
      kind,
      status: outcome.ok ? 'sent' : 'failed',
      reason: outcome.ok ? null : outcome.reason,
      attempts: 1,
      dueAt: now,
      sentAt: outcome.ok ? now : null,
      createdAt: now,
    };
  }

  deliveries(caller: Actor | undefined, query: Omit<DeliveryFilter, 'from' | 'until'> & { from?: string | undefined; to?: string | undefined; page: number; pageSize: number; days: number }): TDeliveryPage {
    requireAdmin(caller);
    const tz = this.config.brandTimezone;
    const filter: DeliveryFilter = {
      kind: query.kind,
      status: query.status,
      memberId: query.memberId,
      q: query.q,
      from: query.from && isCalendarDate(query.from) ? zonedTime(query.from, 0, tz) : undefined,
      until: query.to && isCalendarDate(query.to) ? zonedTime(addDays(query.to, 1), 0, tz) : undefined,
    };
    const { rows, total } = listDeliveries(this.db, filter, query.page, query.pageSize);
    const offset = utcOffsetMinutes(new Date(), this.config.brandTimezone);
    const since = new Date(Date.now() - query.days * 86_400_000);
    const perDayMap = new Map<string, { day: string; sent: number; failed: number; skipped: number; pending: number }>();
    for (let i = query.days - 1; i >= 0; i -= 1) {
      const day = new Date(Date.now() + offset * 60_000 - i * 86_400_000).toISOString().slice(0, 10);
      perDayMap.set(day, { day, sent: 0, failed: 0, skipped: 0, pending: 0 });
    }
    for (const r of countDeliveriesPerDay(this.db, filter, since, offset)) {
      const bucket = perDayMap.get(r.day);
      if (!bucket) continue;
      if (r.status === 'sent') bucket.sent += r.n;
      else if (r.status === 'failed') bucket.failed += r.n;
      else if (r.status === 'skipped') bucket.skipped += r.n;
      else bucket.pending += r.n;
    }
    const quota = readFlag<QuotaState>(this.db, QUOTA_FLAG);
    return {
      items: rows.map(({ row, memberName, memberDisplayName }) => ({
        ...presentStatus(row),
        member: { id: row.memberId, name: memberName ?? memberDisplayName },
        priority: row.priority === PRIORITY_RANK.transactional ? 'transactional' : 'marketing',
        source: row.source,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
      perDay: [...perDayMap.values()],
      totals: countOutboxByStatus(this.db),
      quota: quota ?? null,
    };
  }

  private resolveMember(ref: PartnerRequest['member']): MemberRow {
    let member: MemberRow | undefined;
    if ('id' in ref) member = findMemberById(this.db, ref.id);
    else if ('lineUserId' in ref) member = findMemberByLineUserId(this.db, ref.lineUserId);
    else {
      const mobile = normalizeMobile(ref.mobile);
      if (!mobile.ok) throw new AppError('MOBILE_INVALID', { field: 'member.mobile' });
      member = findMemberByMobile(this.db, mobile.e164);
    }
    if (!member) throw new AppError('MEMBER_NOT_FOUND', { field: 'member' });
    return member;
  }

  /**
   * A partner system asks us to notify a member (a booked table, a shipped order). With an
   * Idempotency-Key, a replay answers the first result and enqueues nothing more. Requests
   * naming no member are counted per key, and a key with too many is locked out for a while
   * (every lookup, found or not, so 202 against 429 tells nothing either).
   */
  requestFromPartner(caller: Actor | undefined, body: PartnerRequest, idempotencyKey: string | undefined): { status: number; body: { id: string; status: string } } {
    const actor = requireApiScope(caller, 'partner');
    try {
      return this.enqueueForPartner(actor, body, idempotencyKey);
    } catch (error) {
      // Counted after the transaction rolled back, so the miss is kept.
      if (error instanceof AppError && error.code === 'MEMBER_NOT_FOUND') {
        const lockedMs = this.lookupMisses.miss(String(actor.keyId));
        if (lockedMs > 0) throw this.lookupMisses.error(lockedMs);
      }
      throw error;
    }
  }

  private enqueueForPartner(actor: Extract<Actor, { kind: 'apiKey' }>, body: PartnerRequest, idempotencyKey: string | undefined): { status: number; body: { id: string; status: string } } {
    const scope = `partner:${actor.keyId}`;
    const hash = requestHash(body);
    return transact(this.db, (tx) => {
      if (idempotencyKey) {
        const previous = findIdempotentResult(tx, scope, idempotencyKey, hash);
        if (previous) return { status: previous.status, body: previous.response as { id: string; status: string } };
      }
      if (!isNotificationKind(body.kind) || !KINDS[body.kind].partner) {
        const allowed = NOTIFICATION_KINDS.filter((k) => KINDS[k].partner).join(', ');
        throw new AppError('VALIDATION_FAILED', { message: `kind: 合作夥伴可用的通知為 ${allowed}`, messageEn: `kind: partners may send ${allowed}`, field: 'kind' });
      }
      const kind = body.kind;
      const variables = checkVariables(kind, body.variables);
      this.lookupMisses.check(String(actor.keyId));
      const member = this.resolveMember(body.member);
      const now = Date.now();
      let dueAt = new Date(now);
      if (body.sendAt) {
        const at = Date.parse(body.sendAt);
        if (at - now > MAX_SCHEDULE_AHEAD_MS) throw new AppError('VALIDATION_FAILED', { message: 'sendAt: 最多可預約 30 天後', messageEn: 'sendAt: at most 30 days ahead', field: 'sendAt' });
        if (at > now) dueAt = new Date(at);
      }
      const { id } = notify(tx, { memberId: member.id, kind, variables, dueAt, cta: body.cta ? { url: body.cta.url, ...(body.cta.label ? { label: body.cta.label } : {}) } : null, source: 'partner', apiKeyId: actor.keyId });
      const response = { id, status: 'pending' };
      if (idempotencyKey) storeIdempotentResult(tx, scope, idempotencyKey, hash, 202, response);
      return { status: 202, body: response };
    });
  }

  partnerStatus(caller: Actor | undefined, id: string): TNotificationStatus {
    const actor = requireApiScope(caller, 'partner');
    const row = findOutbox(this.db, id);
    if (!row || row.apiKeyId !== actor.keyId) throw new AppError('NOT_FOUND', { message: '找不到這則通知', messageEn: 'No such notification' });
    return presentStatus(row);
  }
}

/** Checks partner-supplied variables against the kind's declaration: known names, required ones present, types. */
function checkVariables(kind: NotificationKind, given: Record<string, unknown>): Record<string, unknown> {
  const defs = KINDS[kind].variables as Record<string, VariableDef>;
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(defs, name)) {
      throw new AppError('VALIDATION_FAILED', {
        message: `variables.${name}: ${kind} 沒有這個變數，可用：${Object.keys(defs).join('、')}`,
        messageEn: `variables.${name}: not a variable of ${kind}; available: ${Object.keys(defs).join(', ')}`,
        field: `variables.${name}`,
      });
    }
  }
  const out: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(defs)) {
    const value = given[name];
    const field = `variables.${name}`;
    if (value === undefined || value === null || value === '') {
      if (def.required) throw new AppError('VALIDATION_FAILED', { message: `${field}: 必填（${def.label['zh-TW']}）`, messageEn: `${field}: required (${def.label.en})`, field });
      continue;
    }
    if ((def.type === 'integer' || def.type === 'money') && !Number.isFinite(Number(value))) {
      throw new AppError('VALIDATION_FAILED', { message: `${field}: 須為數字`, messageEn: `${field}: must be a number`, field });
    }
    if ((def.type === 'date' || def.type === 'datetime') && Number.isNaN(Date.parse(String(value)))) {
      throw new AppError('VALIDATION_FAILED', { message: `${field}: 須為 ISO 8601 時間`, messageEn: `${field}: must be an ISO 8601 time`, field });
    }
    out[name] = value;
  }
  return out;
}
