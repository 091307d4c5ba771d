/**
 * Strings of mobile verification (SMS one-time codes), under `mobileVerify.*`: the code step of
 * the registration form, the profile's verify / change-number form and the prompt to verify.
 */
import { defineStrings, type Translation } from '../../i18n/define.ts';

const zh = {
  code: {
    label: '簡訊驗證碼',
    hint: '6 位數字，5 分鐘內有效',
    placeholder: '例如 123456',
    send: '傳送驗證碼',
    sending: '傳送中…',
    resend: '重新傳送',
    resendIn: '{{count}} 秒後可重新傳送',
    sent: '驗證碼已傳送至 {{mobile}}，請在 5 分鐘內輸入。',
    mobileFirst: '請先輸入手機號碼',
    empty: '請輸入簡訊中的 6 位數驗證碼',
  },
  prompt: {
    title: '請驗證您的手機號碼',
    body: '驗證後，好友才能用手機號碼送您禮物，您也能轉贈票券給好友。',
    action: '立即驗證',
  },
  profile: {
    verified: '已驗證',
    unverified: '尚未驗證',
    verifyTitle: '驗證手機號碼',
    changeHint: '更換手機號碼需要以簡訊驗證新號碼。',
    confirm: '確認驗證',
    confirming: '驗證中…',
    done: '手機號碼已驗證',
  },
};

const en: Translation<typeof zh> = {
  code: {
    label: 'Text message code',
    hint: '6 digits, valid for 5 minutes',
    placeholder: 'e.g. 123456',
    send: 'Send code',
    sending: 'Sending…',
    resend: 'Send again',
    resendIn: 'Send again in {{count}} s',
    sent: 'We texted a code to {{mobile}}; enter it within 5 minutes.',
    mobileFirst: 'Enter your mobile number first',
    empty: 'Enter the 6-digit code from the text message',
  },
  prompt: {
    title: 'Verify your mobile number',
    body: 'Once verified, friends can send you gifts by your number, and you can give coupons to friends.',
    action: 'Verify now',
  },
  profile: {
    verified: 'Verified',
    unverified: 'Not verified',
    verifyTitle: 'Verify your mobile number',
    changeHint: 'A new number is confirmed by a code we text to it.',
    confirm: 'Verify',
    confirming: 'Verifying…',
    done: 'Your mobile number is verified',
  },
};

export const mobileVerifyStrings = defineStrings('mobileVerify', zh, en);
