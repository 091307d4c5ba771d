import { count, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { auditLog, members } from '../db/schema.ts';
import type { Actor } from '../auth/actor.ts';

export interface AuditInput {
  action: string;
  targetType: string;
  targetId?: string | number | null;
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
      details: input.details ?? {},
    })
    .run();
}

export function listAudit(db: DbOrTx, page: number, pageSize: number) {
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
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(members, eq(members.id, auditLog.actorMemberId))
    .orderBy(desc(auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  const total = db.select({ n: count() }).from(auditLog).get()?.n ?? 0;
  return { rows, total };
}
