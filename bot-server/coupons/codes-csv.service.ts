import { normalizeCode } from '../../shared/coupons/codes.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { requireAdmin } from '../auth/policies.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import { csvDocument } from '../csv/csv.ts';
import { transact, type Db } from '../db/client.ts';
import type { CouponCatalogue } from './catalogue.service.ts';
import { existingCodes, findTemplateById, insertImportedCodes, listTemplateCodes } from './coupon.repo.ts';

export interface ImportProblem {
  line: number;
  code: string;
  problem: string;
}

/** Codes in and out as CSV: a template's issued codes for printing or a partner, a partner's codes imported. */
export class CouponCodesCsv {
  private readonly db: Db;
  private readonly catalogue: CouponCatalogue;

  constructor(deps: { db: Db; catalogue: CouponCatalogue }) {
    this.db = deps.db;
    this.catalogue = deps.catalogue;
  }

  /** The issued codes of a template as CSV. */
  exportCodes(caller: Actor | undefined, templateId: number): string {
    requireAdmin(caller);
    this.catalogue.template(templateId);
    const rows = listTemplateCodes(this.db, templateId).map((r) => [r.code, r.status, r.usesLeft, r.memberName ?? r.memberDisplayName, r.issuedAt, r.validUntil]);
    return csvDocument(['code', 'status', 'uses_left', 'member', 'issued_at', 'valid_until'], rows);
  }

  /**
   * Imports a partner's codes (one per line, or the first CSV column). Blank lines, duplicates
   * within the file or against codes we hold, and malformed codes are reported with their line
   * numbers, and then nothing is imported: a list is taken whole or not at all.
   */
  importCodes(caller: Actor | undefined, templateId: number, csv: string): { imported: number; problems: ImportProblem[] } {
    const actor = requireAdmin(caller);
    const t = this.catalogue.template(templateId);
    if (t.codeMode !== 'imported') throw new AppError('VALIDATION_FAILED', { message: '此票券使用規則產生券號，不能匯入', messageEn: 'This template generates its codes; switch it to imported codes first', field: 'codeMode' });
    const problems: ImportProblem[] = [];
    const seen = new Map<string, number>();
    const codes: { line: number; code: string }[] = [];
    const rows = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
    rows.forEach((raw, i) => {
      const line = i + 1;
      const first = raw.split(',')[0]?.replace(/^"|"$/g, '') ?? '';
      const code = normalizeCode(first);
      if (code === '') {
        if (i < rows.length - 1 || raw.trim() !== '') problems.push({ line, code: '', problem: '空白行 / blank line' });
        return;
      }
      if (i === 0 && /^(CODE|券號)$/i.test(code)) return;
      if (!/^[A-Z0-9-]{4,64}$/.test(code)) return void problems.push({ line, code, problem: '格式不符（4–64 個英數字或 -）/ not 4–64 letters, digits or -' });
      const dup = seen.get(code);
      if (dup !== undefined) return void problems.push({ line, code, problem: `與第 ${dup} 行重複 / duplicate of line ${dup}` });
      seen.set(code, line);
      codes.push({ line, code });
    });
    const clash = existingCodes(this.db, codes.map((c) => c.code));
    for (const c of codes) if (clash.has(c.code)) problems.push({ line: c.line, code: c.code, problem: '系統中已有此券號 / code already exists' });
    if (codes.length === 0 && problems.length === 0) problems.push({ line: 1, code: '', problem: '檔案沒有券號 / no codes in the file' });
    if (problems.length > 0) return { imported: 0, problems: problems.sort((a, b) => a.line - b.line) };
    transact(this.db, (tx) => {
      insertImportedCodes(tx, templateId, codes.map((c) => c.code));
      writeAudit(tx, actor, { action: 'coupon_codes.import', targetType: 'coupon_template', targetId: templateId, targetName: findTemplateById(tx, templateId)?.name ?? null, details: { count: codes.length } });
    });
    return { imported: codes.length, problems: [] };
  }
}
