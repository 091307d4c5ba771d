import { and, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { auditLog, members } from '../db/schema.ts';
import type { Actor } from '../auth/actor.ts';

export interface AuditInput {
  action: string;
  targetType: string;
  targetId?: string | number | null;
  /** The target's name now (a store's, a template's), so the log names it without lookups. */
  targetName?: string | null;
  /** The member the entry concerns, for their 360° page (defaults to the target when it is a member). */
  memberId?: number | null;
  /** For an edit, `diff: diffSnapshots(before, after)` (shared/audit/catalogue.ts) so the log shows before → after. */
  details?: Record<string, unknown>;
}

/** Writes one audit row; call it inside the transaction that makes the change. */
export function writeAudit(db: DbOrTx, actor: Actor, input: AuditInput): void {
  const actorKind = actor.kind === 'member' ? 'member' : actor.kind === 'system' ? (actor.label === 'worker' ? 'system' : actor.label) : 'system';
  db.insert(auditLog)
    .values({
      actorKind,
      actorMemberId: actor.kind === 'member' ? actor.memberId : null,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId === undefined || input.targetId === null ? null : String(input.targetId),
      targetName: input.targetName ?? null,
      memberId: input.memberId ?? (input.targetType === 'member' && input.targetId !== undefined && input.targetId !== null ? Number(input.targetId) : null),
      details: input.details ?? {},
    })
    .run();
}

export interface AuditFilter {
  /** `member:<id>` for an admin, or `cli` / `env` / `system`. */
  actor?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  /** Exclusive. */
  until?: Date | undefined;
  memberId?: number | undefined;
}

function auditWhere(filter: AuditFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.actor?.startsWith('member:')) conditions.push(eq(auditLog.actorMemberId, Number(filter.actor.slice(7))));
  else if (filter.actor === 'cli' || filter.actor === 'env' || filter.actor === 'system') conditions.push(eq(auditLog.actorKind, filter.actor));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.from) conditions.push(gte(auditLog.at, filter.from));
  if (filter.until) conditions.push(lt(auditLog.at, filter.until));
  if (filter.memberId) conditions.push(eq(auditLog.memberId, filter.memberId));
  return conditions.length > 0 ? and(...conditions) : undefined;
}

/** The actions that occur in the log, for the console's filter. */
export function listAuditActions(db: DbOrTx): string[] {
  return db.selectDistinct({ action: auditLog.action }).from(auditLog).all().map((r) => r.action);
}

export function listAudit(db: DbOrTx, page: number, pageSize: number, filter: AuditFilter = {}) {
  const where = auditWhere(filter);
  const rows = db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorKind: auditLog.actorKind,
      actorMemberId: auditLog.actorMemberId,
      actorName: members.name,
      actorDisplayName: members.displayName,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      targetName: auditLog.targetName,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(members, eq(members.id, auditLog.actorMemberId))
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  const total = db.select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0;
  return { rows, total };
}
