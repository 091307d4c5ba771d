import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { couponStrings } from '../../liff-app/src/console/coupons/strings.ts';
import { consoleStrings } from '../../liff-app/src/console/strings.ts';
import { appStrings } from '../../liff-app/src/i18n/strings.ts';
import { claimStrings } from '../../liff-app/src/member/claim/strings.ts';
import { couponKindLabel, followerLabel, GLOSSARY } from '../../shared/glossary.ts';

/** One vocabulary: the coupon kinds and the follower state are named in shared/glossary.ts only. */

const ROOT = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('the glossary', () => {
  it('the wallet, the console and the claim card take the coupon kinds from it, in both languages', () => {
    for (const lang of ['zh-TW', 'en'] as const) {
      const wallet = appStrings[lang].wallet;
      expect([wallet.kindAmount, wallet.kindPercent, wallet.kindExchange]).toEqual([couponKindLabel('amount_off', lang), couponKindLabel('percent_off', lang), couponKindLabel('exchange', lang)]);
      expect(couponStrings[lang].kind).toEqual(GLOSSARY[lang].couponKind);
      expect(claimStrings[lang].card.kindBundle).toBe(GLOSSARY[lang].bundle);
      expect(claimStrings[lang].card.kindCoupon).toBe(GLOSSARY[lang].coupon);
    }
    expect(couponKindLabel('percent_off', 'zh-TW')).toBe('折扣券');
  });

  it('a follower is 已加入好友 wherever the state is shown', () => {
    for (const lang of ['zh-TW', 'en'] as const) {
      expect(consoleStrings[lang].members.following).toBe(followerLabel(true, lang));
      expect(consoleStrings[lang].members.notFollowing).toBe(followerLabel(false, lang));
      expect(appStrings[lang].auth.pickerRegistered).toBe(followerLabel(true, lang));
      expect(appStrings[lang].auth.pickerNotFollowing).toBe(followerLabel(false, lang));
    }
  });

  it('no source spells the old, conflicting words', () => {
    const banned = ['折價券・折扣', '折價券・金額', '追蹤中', '未追蹤', "'未加入'"];
    const hits: string[] = [];
    for (const dir of ['liff-app/src', 'bot-server', 'shared']) {
      for (const file of sources(join(ROOT, dir))) {
        const text = readFileSync(file, 'utf8');
        for (const word of banned) if (text.includes(word)) hits.push(`${relative(ROOT, file)}: ${word}`);
      }
    }
    expect(hits).toEqual([]);
  });
});
