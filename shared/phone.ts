import { parsePhoneNumberFromString, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import mobileMetadata from 'libphonenumber-js/metadata.mobile.json';

/**
 * Where a member's mobile number may come from: Taiwan, and the places Taiwan's shoppers and
 * visitors most often carry a number from (Hong Kong, Macau, mainland China, Japan, Korea, South
 * East Asia, and the English-speaking countries with large Taiwanese communities). Numbers from
 * elsewhere are refused as NOT_A_MOBILE. Keeping the list short keeps the phone rules small
 * enough for the LIFF app: the build ships only these regions' metadata (~4 KB gzipped instead
 * of ~40 KB; liff-app/build/phone-metadata.ts), and the server applies the same list, so both
 * give the same verdict.
 */
export const ACCEPTED_PHONE_REGIONS = ['TW', 'HK', 'MO', 'CN', 'JP', 'KR', 'SG', 'MY', 'TH', 'VN', 'PH', 'ID', 'US', 'CA', 'AU', 'NZ', 'GB'] as const satisfies readonly CountryCode[];

/** libphonenumber's metadata cut down to `regions` (a calling code stays when its main country does). */
export function metadataForRegions(all: MetadataJson, regions: readonly string[]): MetadataJson {
  const accepted = new Set(regions);
  const callingCodes: MetadataJson['country_calling_codes'] = {};
  for (const [code, countries] of Object.entries(all.country_calling_codes)) {
    if (!accepted.has(countries[0] ?? '')) continue;
    callingCodes[code] = countries.filter((country) => accepted.has(country));
  }
  const countries: MetadataJson['countries'] = {};
  for (const region of regions) {
    const plan = all.countries[region as CountryCode];
    if (plan) countries[region as CountryCode] = plan;
  }
  return { version: all.version, country_calling_codes: callingCodes, countries, nonGeographic: {} };
}

const metadata = metadataForRegions(mobileMetadata, ACCEPTED_PHONE_REGIONS);

const TW_MOBILE_LOCAL = /^09[0-8]\d{7}$/;
const TW_MOBILE_E164 = /^\+8869[0-8]\d{7}$/;

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
  // The common case at the counter, without libphonenumber: a Taiwan mobile typed as
  // 09xxxxxxxx or +8869xxxxxxxx, digits only. The same answer as the parser below gives (TW
  // mobiles are 9[0-8] + 7 digits in its metadata; test/unit/phone.test.ts compares both);
  // anything else falls through to it.
  if (TW_MOBILE_LOCAL.test(raw)) return { ok: true, e164: `+886${raw.slice(1)}`, national: raw };
  if (TW_MOBILE_E164.test(raw)) return { ok: true, e164: raw, national: `0${raw.slice(4)}` };
  if (!/^[+\d\s\-().]+$/.test(raw)) return { ok: false, reason: 'NOT_A_MOBILE' };
  let candidate = raw.replace(/[\s\-().]/g, '');
  // "886912345678" (country code without +) is common when copied from spreadsheets.
  if (/^886\d{9,10}$/.test(candidate)) candidate = `+${candidate}`;
  // "+8860912345678": a trunk 0 kept after the country code.
  candidate = candidate.replace(/^\+8860/, '+886');
  const parsed = parsePhoneNumberFromString(candidate, 'TW', metadata);
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
