import { eq } from 'drizzle-orm';
import type { NotificationKind } from '../../shared/notifications/kinds.ts';
import { defaultTemplate, type NotificationTemplate } from '../../shared/notifications/render.ts';
import type { DbOrTx } from '../db/client.ts';
import { notificationTemplates } from '../db/schema.ts';

export function findTemplate(db: DbOrTx, kind: NotificationKind): (NotificationTemplate & { updatedAt: Date | null; isCustom: boolean }) {
  const row = db.select().from(notificationTemplates).where(eq(notificationTemplates.kind, kind)).get();
  if (!row) return { ...defaultTemplate(kind), updatedAt: null, isCustom: false };
  return {
    kind,
    enabled: row.enabled,
    content: row.content,
    ctaTarget: row.ctaTarget,
    heroImageUrl: row.heroImageUrl,
    accentColor: row.accentColor,
    updatedAt: row.updatedAt,
    isCustom: true,
  };
}

export function saveTemplate(db: DbOrTx, template: NotificationTemplate, updatedBy: number | null): void {
  const values = {
    kind: template.kind,
    enabled: template.enabled,
    content: template.content,
    ctaTarget: template.ctaTarget,
    heroImageUrl: template.heroImageUrl,
    accentColor: template.accentColor,
    updatedAt: new Date(),
    updatedBy,
  };
  db.insert(notificationTemplates).values(values).onConflictDoUpdate({ target: notificationTemplates.kind, set: values }).run();
}

export function deleteTemplate(db: DbOrTx, kind: NotificationKind): void {
  db.delete(notificationTemplates).where(eq(notificationTemplates.kind, kind)).run();
}
