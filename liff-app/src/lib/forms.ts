import type { ApiError } from '../api/client.ts';
import { currentLanguage, i18n } from '../i18n/index.ts';

export type FieldErrors<F extends string = string> = Partial<Record<F, string>>;

interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  maximum?: unknown;
}

/**
 * Shared schemas write people-facing messages as "zh-TW / English"; zod's own defaults are
 * English only, so those become our generic translated messages.
 */
export function localizeIssue(issue: IssueLike): string {
  if (issue.message.includes(' / ')) {
    const [zh, en] = issue.message.split(' / ', 2) as [string, string];
    return currentLanguage() === 'en' ? en : zh;
  }
  if (issue.code === 'too_big' && typeof issue.maximum === 'number') return i18n.t('form.tooLong', { max: issue.maximum });
  if (issue.code === 'invalid_type') return i18n.t('form.required');
  return i18n.t('form.invalid');
}

/** The first issue of each top-level field, translated. */
export function issuesToFieldErrors<F extends string>(issues: readonly IssueLike[]): FieldErrors<F> {
  const errors: FieldErrors<F> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '') as F;
    if (!field || errors[field]) continue;
    errors[field] = localizeIssue(issue);
  }
  return errors;
}

/** The server's verdict on one field, when the error names a field of this form. */
export function serverFieldError<F extends string>(error: ApiError, fields: readonly F[]): FieldErrors<F> | null {
  const field = error.field?.split('.')[0] as F | undefined;
  if (!field || !fields.includes(field)) return null;
  return { [field]: error.fieldMessage } as FieldErrors<F>;
}

/** A code people type from a coupon or a card (upper case, no autocorrect), for its <input>. */
export const CODE_INPUT = { autoComplete: 'off', autoCorrect: 'off', autoCapitalize: 'characters', spellCheck: false } as const;
