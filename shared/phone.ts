import { parsePhoneNumberFromString } from 'libphonenumber-js/mobile';

export type MobileResult = { ok: true; e164: string; national: string } | { ok: false; reason: 'EMPTY' | 'NOT_A_MOBILE' };

/**
 * Normalises what a person types as a mobile number to E.164, assuming Taiwan when no
 * country code is given: 0912345678, 0912-345-678, +886 912 345 678 and 886912345678 all
 * become +886912345678. Landlines and malformed numbers are refused, so a member can be
 * found again by the number they type at the counter.
 */
export function normalizeMobile(input: string): MobileResult {
  const raw = input.trim();
  if (raw === '') return { ok: false, reason: 'EMPTY' };
  if (!/^[+\d\s\-().]+$/.test(raw)) return { ok: false, reason: 'NOT_A_MOBILE' };
  let candidate = raw.replace(/[\s\-().]/g, '');
  // "886912345678" (country code without +) is common when copied from spreadsheets.
  if (/^886\d{9,10}$/.test(candidate)) candidate = `+${candidate}`;
  // "+8860912345678": a trunk 0 kept after the country code.
  candidate = candidate.replace(/^\+8860/, '+886');
  const parsed = parsePhoneNumberFromString(candidate, 'TW');
  if (!parsed || !parsed.isValid()) return { ok: false, reason: 'NOT_A_MOBILE' };
  const type = parsed.getType();
  if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return { ok: false, reason: 'NOT_A_MOBILE' };
  const national = parsed.country === 'TW' ? `0${parsed.nationalNumber}` : parsed.formatInternational();
  return { ok: true, e164: parsed.number, national };
}

/** Shows a mobile number with the middle digits hidden, for other people's eyes. */
export function maskMobile(e164: string): string {
  const digits = e164.startsWith('+886') ? `0${e164.slice(4)}` : e164;
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 4)}***${digits.slice(-3)}`;
}
