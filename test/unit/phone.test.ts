import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import mobileMetadata from 'libphonenumber-js/metadata.mobile.json';
import { ACCEPTED_PHONE_REGIONS, maskMobile, metadataForRegions, normalizeMobile } from '../../shared/phone.ts';

describe('normalizeMobile', () => {
  it.each([
    ['0912345678', '+886912345678'],
    ['0912-345-678', '+886912345678'],
    ['0912 345 678', '+886912345678'],
    ['+886 912 345 678', '+886912345678'],
    ['+886-912-345-678', '+886912345678'],
    ['886912345678', '+886912345678'],
    ['+8860912345678', '+886912345678'],
    ['  0987654321 ', '+886987654321'],
    ['+81 90-1234-5678', '+819012345678'],
  ])('accepts %s as %s', (input, e164) => {
    expect(normalizeMobile(input)).toMatchObject({ ok: true, e164 });
  });

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['02-2345-6789', 'NOT_A_MOBILE'],
    ['0212345678', 'NOT_A_MOBILE'],
    ['091234567', 'NOT_A_MOBILE'],
    ['09123456789', 'NOT_A_MOBILE'],
    ['0812345678', 'NOT_A_MOBILE'],
    ['12345', 'NOT_A_MOBILE'],
    ['abc0912345678', 'NOT_A_MOBILE'],
    ['0912345678; drop table members', 'NOT_A_MOBILE'],
    ['+886 2 2345 6789', 'NOT_A_MOBILE'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(normalizeMobile(input)).toEqual({ ok: false, reason });
  });

  it('accepts the listed regions only, with the same rules as libphonenumber', () => {
    expect(normalizeMobile('+852 5123 4567')).toMatchObject({ ok: true, e164: '+85251234567' });
    expect(normalizeMobile('+1 415 555 2671')).toMatchObject({ ok: true });
    // A German mobile: valid, but not from an accepted region.
    expect(normalizeMobile('+49 151 23456789')).toEqual({ ok: false, reason: 'NOT_A_MOBILE' });
    const cut = metadataForRegions(mobileMetadata, ACCEPTED_PHONE_REGIONS);
    expect(Object.keys(cut.countries).sort()).toEqual([...ACCEPTED_PHONE_REGIONS].sort());
    expect(cut.country_calling_codes['886']).toEqual(['TW']);
    expect(cut.country_calling_codes['1']).toEqual(['US', 'CA']);
    expect(cut.country_calling_codes['49']).toBeUndefined();
  });

  it('gives the Taiwan national form back for display', () => {
    expect(normalizeMobile('+886912345678')).toMatchObject({ national: '0912345678' });
  });

  it('answers Taiwan mobiles typed as 09xxxxxxxx / +8869xxxxxxxx exactly as libphonenumber does', () => {
    // Spaces send a number through libphonenumber; the digits-only form takes the fast path.
    const parsed = (input: string) => {
      const p = parsePhoneNumberFromString(input, 'TW', metadataForRegions(mobileMetadata, ACCEPTED_PHONE_REGIONS));
      return p?.isValid() && (p.getType() === 'MOBILE' || p.getType() === 'FIXED_LINE_OR_MOBILE') ? { ok: true, e164: p.number, national: `0${p.nationalNumber}` } : { ok: false, reason: 'NOT_A_MOBILE' };
    };
    for (let second = 0; second <= 9; second++) {
      for (const rest of ['0000000', '1234567', '9999999', '5550123']) {
        const local = `09${second}${rest}`;
        const e164 = `+8869${second}${rest}`;
        expect(normalizeMobile(local)).toEqual(parsed(local));
        expect(normalizeMobile(local)).toEqual(normalizeMobile(`${local.slice(0, 4)} ${local.slice(4)}`));
        expect(normalizeMobile(e164)).toEqual(parsed(e164));
        expect(normalizeMobile(e164)).toEqual(normalizeMobile(`+886 ${e164.slice(4)}`));
      }
    }
    expect(normalizeMobile('0990000000')).toEqual({ ok: false, reason: 'NOT_A_MOBILE' });
    expect(normalizeMobile('+886990000000')).toEqual({ ok: false, reason: 'NOT_A_MOBILE' });
    expect(normalizeMobile('0912345678')).toEqual({ ok: true, e164: '+886912345678', national: '0912345678' });
    expect(normalizeMobile('+886912345678')).toEqual({ ok: true, e164: '+886912345678', national: '0912345678' });
    // Near misses still go through the parser and are refused as before.
    for (const input of ['091234567', '09123456789', '+88691234567', '+8869123456789', '0912345678\n1']) expect(normalizeMobile(input)).toEqual({ ok: false, reason: 'NOT_A_MOBILE' });
  });

  it('masks the middle digits', () => {
    expect(maskMobile('+886912345678')).toBe('0912***678');
  });
});
