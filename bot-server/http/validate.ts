import type { z } from 'zod';
import { AppError } from '../../shared/errors.ts';

/** Parses input against a shared schema; the first problem becomes `field: message`. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.');
  // Shared schemas write people-facing messages as "zh-TW / English".
  const [zh, en] = issue.message.includes(' / ') ? issue.message.split(' / ', 2) as [string, string] : [issue.message, issue.message];
  throw new AppError('VALIDATION_FAILED', {
    message: field ? `${field}: ${zh}` : zh,
    messageEn: field ? `${field}: ${en}` : en,
    field: field || undefined,
  });
}
