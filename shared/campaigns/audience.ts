import { localDate } from '../dates.ts';

export type Audience = { type: 'all' } | { type: 'new_members'; days: number } | { type: 'birth_month' } | { type: 'mobiles' };

export interface AudienceMember {
  /** When they registered (the start of "new member"). */
  registeredAt: Date | null;
  /** YYYY-MM-DD */
  birthday: string | null;
  /** E.164 */
  mobile: string | null;
}

export type AudienceVerdict = { ok: true } | { ok: false; reason: 'NOT_REGISTERED' | 'NOT_NEW_MEMBER' | 'NOT_BIRTH_MONTH' | 'NOT_ON_LIST' };

/**
 * Whether a member is in a campaign's audience at `now`, in the brand's time zone: birth
 * month is this brand-local month; "new" counts whole days since registering.
 */
export function checkAudience(audience: Audience, member: AudienceMember, now: Date, timeZone: string, isOnList: (mobile: string) => boolean): AudienceVerdict {
  if (!member.registeredAt) return { ok: false, reason: 'NOT_REGISTERED' };
  switch (audience.type) {
    case 'all':
      return { ok: true };
    case 'new_members':
      return now.getTime() - member.registeredAt.getTime() <= audience.days * 86_400_000 ? { ok: true } : { ok: false, reason: 'NOT_NEW_MEMBER' };
    case 'birth_month': {
      if (!member.birthday) return { ok: false, reason: 'NOT_BIRTH_MONTH' };
      const month = localDate(now, timeZone).slice(5, 7);
      return member.birthday.slice(5, 7) === month ? { ok: true } : { ok: false, reason: 'NOT_BIRTH_MONTH' };
    }
    case 'mobiles':
      return member.mobile && isOnList(member.mobile) ? { ok: true } : { ok: false, reason: 'NOT_ON_LIST' };
  }
}

/** Birthday packs are claimable once per birthday year: the claim's period is the brand-local year. */
export function claimPeriod(audience: Audience, now: Date, timeZone: string): string {
  return audience.type === 'birth_month' ? localDate(now, timeZone).slice(0, 4) : '';
}

export function describeAudienceMiss(reason: Exclude<AudienceVerdict, { ok: true }>['reason'], lang: 'zh-TW' | 'en'): string {
  const zh = lang === 'zh-TW';
  switch (reason) {
    case 'NOT_REGISTERED':
      return zh ? '請先完成會員註冊' : 'Please register first';
    case 'NOT_NEW_MEMBER':
      return zh ? '此優惠限新加入的會員領取' : 'For new members only';
    case 'NOT_BIRTH_MONTH':
      return zh ? '此優惠限本月壽星領取' : 'For members with a birthday this month';
    case 'NOT_ON_LIST':
      return zh ? '此優惠限受邀會員領取' : 'For invited members only';
  }
}
