import { z } from 'zod';

/** The 6-digit SMS one-time code as typed (spaces, dashes and full-width digits are forgiven). */
export const ZVerificationCode = z
  .string()
  .max(20)
  .transform((v) => v.replace(/[\s-]/g, '').replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)))
  .pipe(z.string().regex(/^\d{6}$/, { message: '請輸入簡訊中的 6 位數驗證碼 / Enter the 6-digit code from the text message' }));
