import './coupons.css';
import { addStrings } from '../../i18n/index.ts';
import { couponStrings } from './strings.ts';

// Before any page renders (the console nav uses these labels too).
addStrings(couponStrings);

export { IssuedCouponsPage } from './IssuedCoupons.tsx';
export { CouponTemplatePage, NewCouponTemplatePage } from './TemplatePage.tsx';
export { CouponTemplatesPage } from './TemplatesPage.tsx';
