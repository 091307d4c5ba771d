import { describe, expect, it } from 'vitest';
import { checkAudience, claimPeriod } from '../../shared/campaigns/audience.ts';

const TZ = 'Asia/Taipei';
const member = (birthday: string | null, registeredAt = new Date('2026-01-01T00:00:00Z')) => ({ birthday, registeredAt, mobile: '+886912345678' });
const none = () => false;

describe('campaign audiences (brand time)', () => {
  it('birth month follows the brand-local month at its edges', () => {
    const decBaby = member('1990-12-01');
    // 2026-11-30 23:59 Taipei: still November.
    expect(checkAudience({ type: 'birth_month' }, decBaby, new Date('2026-11-30T15:59:00Z'), TZ, none)).toMatchObject({ ok: false, reason: 'NOT_BIRTH_MONTH' });
    // 2026-12-01 00:00 Taipei (still Nov 30 in UTC): December.
    expect(checkAudience({ type: 'birth_month' }, decBaby, new Date('2026-11-30T16:00:00Z'), TZ, none)).toEqual({ ok: true });
    // 2026-12-31 23:59 Taipei: December; 2027-01-01 00:00 Taipei: not.
    expect(checkAudience({ type: 'birth_month' }, decBaby, new Date('2026-12-31T15:59:00Z'), TZ, none)).toEqual({ ok: true });
    expect(checkAudience({ type: 'birth_month' }, decBaby, new Date('2026-12-31T16:00:00Z'), TZ, none)).toMatchObject({ ok: false });
    expect(checkAudience({ type: 'birth_month' }, member(null), new Date('2026-12-05T00:00:00Z'), TZ, none)).toMatchObject({ ok: false });
  });

  it('a birthday pack is once per brand-local year', () => {
    expect(claimPeriod({ type: 'birth_month' }, new Date('2026-12-31T16:00:00Z'), TZ)).toBe('2027');
    expect(claimPeriod({ type: 'birth_month' }, new Date('2026-12-31T15:59:00Z'), TZ)).toBe('2026');
    expect(claimPeriod({ type: 'all' }, new Date(), TZ)).toBe('');
  });

  it('new members: within N days of registering', () => {
    const joined = new Date('2026-11-01T10:00:00Z');
    const audience = { type: 'new_members' as const, days: 7 };
    expect(checkAudience(audience, member(null, joined), new Date('2026-11-08T10:00:00Z'), TZ, none)).toEqual({ ok: true });
    expect(checkAudience(audience, member(null, joined), new Date('2026-11-08T10:00:01Z'), TZ, none)).toMatchObject({ ok: false, reason: 'NOT_NEW_MEMBER' });
  });

  it('unregistered members and members off the list are not in the audience', () => {
    expect(checkAudience({ type: 'all' }, { birthday: null, registeredAt: null, mobile: null }, new Date(), TZ, none)).toMatchObject({ reason: 'NOT_REGISTERED' });
    expect(checkAudience({ type: 'mobiles' }, member(null), new Date(), TZ, (m) => m === '+886912345678')).toEqual({ ok: true });
    expect(checkAudience({ type: 'mobiles' }, member(null), new Date(), TZ, none)).toMatchObject({ reason: 'NOT_ON_LIST' });
  });
});
