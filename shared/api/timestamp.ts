import { z } from 'zod';

/**
 * A moment as the server sends it: `Date.toISOString()`, UTC with a `Z`
 * (`format: date-time` in the OpenAPI documents). Output schemas only: inputs that take a time
 * accept any offset (`z.iso.datetime({ offset: true })`).
 */
export const ZTimestamp = z.iso.datetime();
