import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_TARGETS, auditFieldLabel, diffSnapshots, isKnownAuditAction } from '../../shared/audit/catalogue.ts';

const ROOT = join(import.meta.dirname, '..', '..', 'bot-server');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Every `writeAudit(…)` call's action literals and target types, with where they are written. */
function auditWrites(): { action: string[]; targetType: string[]; where: string }[] {
  const out: { action: string[]; targetType: string[]; where: string }[] = [];
  for (const file of tsFiles(ROOT).filter((f) => !f.endsWith('audit.repo.ts'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/writeAudit\(/g)) {
      const call = text.slice(match.index, match.index + 1200);
      const action = /action:\s*([^,]+?),\s*targetType/s.exec(call)?.[1];
      const targetType = /targetType:\s*'([^']+)'/.exec(call)?.[1];
      if (!action) continue; // the definition itself
      const line = text.slice(0, match.index).split('\n').length;
      out.push({ action: [...action.matchAll(/'([^']+)'/g)].map((m) => m[1]!), targetType: targetType ? [targetType] : [], where: `${relative(ROOT, file)}:${line}` });
    }
  }
  return out;
}

describe('the audit catalogue', () => {
  const writes = auditWrites();

  it('finds the audit writes of the code base', () => {
    expect(writes.length).toBeGreaterThan(20);
    expect(writes.flatMap((w) => w.action)).toEqual(expect.arrayContaining(['bulk_issue.create', 'campaign.create', 'bundle.create', 'admin.grant', 'admin.revoke']));
  });

  it('has a zh-TW and an English label for every action written (add new ones to shared/audit/catalogue.ts)', () => {
    for (const w of writes) {
      expect(w.action.length, `${w.where}: the action must be a string literal (or a choice of literals)`).toBeGreaterThan(0);
      for (const action of w.action) expect(isKnownAuditAction(action), `${w.where}: no label for '${action}'`).toBe(true);
    }
  });

  it('knows every target type written, with a label', () => {
    for (const w of writes) for (const type of w.targetType) expect(AUDIT_TARGETS[type], `${w.where}: no label for target type '${type}'`).toBeDefined();
  });

  it('labels in both languages, none empty', () => {
    for (const [action, label] of Object.entries(AUDIT_ACTIONS)) {
      expect(label['zh-TW'].trim(), action).not.toBe('');
      expect(label.en.trim(), action).not.toBe('');
      expect(label.en, action).not.toMatch(/\p{Script=Han}/u);
    }
  });

  it('diffs snapshots field by field, per language for wording', () => {
    const before = { enabled: true, accentColor: '#06C755', 'zh-TW': { title: '舊', body: 'b' }, en: { title: 'Old', body: 'b' } };
    const after = { enabled: true, accentColor: '#0B7A3E', 'zh-TW': { title: '新', body: 'b' }, en: { title: 'Old', body: 'b' } };
    expect(diffSnapshots(before, after)).toEqual([
      { field: 'accentColor', before: '#06C755', after: '#0B7A3E' },
      { field: 'zh-TW.title', before: '舊', after: '新' },
    ]);
    expect(auditFieldLabel('zh-TW.title', 'zh-TW')).toBe('標題（中文）');
    expect(auditFieldLabel('en.body', 'en')).toBe('Body (English)');
    expect(diffSnapshots({ storeIds: [1, 2] }, { storeIds: [1, 2] })).toEqual([]);
  });
});
