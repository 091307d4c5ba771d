import type { z } from 'zod';
import { AppError } from '../../shared/errors.ts';

/** Parses input against a shared schema; the first problem becomes `field: message`. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.');
  throw new AppError('VALIDATION_FAILED', {
    message: field ? `${field}: ${issue.message}` : issue.message,
    field: field || undefined,
  });
}
