import type { TAuditEntry, TAuditPage } from '../../shared/api/schemas.ts';
import { auditActionLabel, auditFieldLabel, auditTargetHref, auditTargetLabel, type AuditChange, type AuditLang } from '../../shared/audit/catalogue.ts';
import { addDays, zonedTime } from '../../shared/dates.ts';
import type { Actor } from '../auth/actor.ts';
import { requireAdmin } from '../auth/policies.ts';
import type { DbOrTx } from '../db/client.ts';
import { listAudit, listAuditActions, type AuditFilter } from './audit.repo.ts';

type AuditRow = ReturnType<typeof listAudit>['rows'][number];

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null);

/** An edit's changes: `diff` as written now, or the older `changes` (field → new value) of store edits. */
function changesOf(details: Record<string, unknown>): AuditChange[] {
  if (Array.isArray(details.diff)) {
    return details.diff.filter((c): c is AuditChange => Boolean(c) && typeof c === 'object' && typeof (c as AuditChange).field === 'string');
  }
  if (details.changes && typeof details.changes === 'object' && !Array.isArray(details.changes)) {
    return Object.entries(details.changes as Record<string, unknown>).map(([field, after]) => ({ field, before: null, after }));
  }
  return [];
}

export function presentAuditEntry(row: AuditRow, lang: AuditLang): TAuditEntry {
  const d = row.details;
  const name = row.targetName ?? text(d.name) ?? text(d.memberName) ?? text(d.code);
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: { kind: row.actorKind, memberId: row.actorMemberId, name: row.actorName ?? row.actorDisplayName },
    action: row.action,
    actionLabel: auditActionLabel(row.action, lang),
    targetType: row.targetType,
    targetId: row.targetId,
    target: { typeLabel: auditTargetLabel(row.targetType, lang), name, href: auditTargetHref(row.targetType, row.targetId) },
    changes: changesOf(d).map((c) => ({ ...c, label: auditFieldLabel(c.field, lang) })),
    details: d,
  };
}

export interface AuditQuery {
  page: number;
  pageSize: number;
  actor?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  memberId?: number | undefined;
}

/** The audit log as people read it: labelled actions, named targets, before → after. */
export class AuditService {
  private readonly db: DbOrTx;
  private readonly timeZone: string;
  constructor(deps: { db: DbOrTx; timeZone: string }) {
    this.db = deps.db;
    this.timeZone = deps.timeZone;
  }

  list(caller: Actor | undefined, query: AuditQuery, lang: AuditLang): TAuditPage {
    requireAdmin(caller);
    const filter: AuditFilter = {
      actor: query.actor,
      action: query.action,
      memberId: query.memberId,
      from: query.from ? zonedTime(query.from, 0, this.timeZone) : undefined,
      until: query.to ? zonedTime(addDays(query.to, 1), 0, this.timeZone) : undefined,
    };
    const { rows, total } = listAudit(this.db, query.page, query.pageSize, filter);
    const actions = listAuditActions(this.db)
      .map((action) => ({ action, label: auditActionLabel(action, lang) }))
      .sort((a, b) => a.label.localeCompare(b.label, lang));
    return { items: rows.map((r) => presentAuditEntry(r, lang)), total, page: query.page, pageSize: query.pageSize, actions };
  }

  /** The latest entries that concern one member (their roles, coupons issued to or voided for them). */
  forMember(memberId: number, limit: number, lang: AuditLang): TAuditEntry[] {
    return listAudit(this.db, 1, limit, { memberId }).rows.map((r) => presentAuditEntry(r, lang));
  }
}
