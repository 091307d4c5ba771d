import { unitsText, unitWord, type CouponUnit, type UnitLang } from '../../../../shared/coupons/units.ts';

/**
 * The scanner's words for what one use of a coupon is called, so a 寄杯 ticket or a pass says
 * 杯 / "cup" everywhere on the counter (the stepper and its buttons, the success facts, the undo,
 * today's list) and a plain coupon says 次 / "use". Pure (a count changes the English word).
 */
export interface CounterUnitWords {
  /** The stepper's group label: 「核銷杯數」 / "Cups to redeem". */
  usesLabel: string;
  /** The − button: 「減少一杯」 / "One cup fewer". */
  decrease: string;
  /** The + button: 「增加一杯」 / "One more cup". */
  increase: string;
  /** The success fact's label: 「杯數」 / "Cups". */
  fact: string;
  /** After an undo: 「杯數已退回給會員」 / "The cups went back to the member". */
  restored: string;
  /** The undo's question. */
  undoConfirm: string;
  /** 「3 杯」 / "3 cups". */
  count: (n: number) => string;
}

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

export function counterUnitWords(unit: CouponUnit | undefined, lang: UnitLang): CounterUnitWords {
  const u = unit ?? 'use';
  if (lang === 'en') {
    const one = unitWord(u, 'en', 1);
    const many = unitWord(u, 'en', 2);
    return {
      usesLabel: `${capitalize(many)} to redeem`,
      decrease: `One ${one} fewer`,
      increase: `One more ${one}`,
      fact: capitalize(many),
      restored: `The ${many} went back to the member`,
      undoConfirm: `Undo this redemption? The ${many} go back to the member.`,
      count: (n) => unitsText(u, n, 'en'),
    };
  }
  const w = unitWord(u, 'zh-TW');
  return {
    usesLabel: `核銷${w}數`,
    decrease: `減少一${w}`,
    increase: `增加一${w}`,
    fact: `${w}數`,
    restored: `${w}數已退回給會員`,
    undoConfirm: `確定要取消這筆核銷嗎？${w}數會退回給會員。`,
    count: (n) => unitsText(u, n, 'zh-TW'),
  };
}
