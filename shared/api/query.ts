import { z } from 'zod';

/**
 * `?lang=en` (or `zh-TW`) may go with any GET: it picks the language of the answer's messages,
 * as Accept-Language does (the server's preferredLang reads it; other values are ignored).
 * Strict query schemas spread this in so that they accept it.
 */
export const langQuery = { lang: z.string().max(35).optional() };
