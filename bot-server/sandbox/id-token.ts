import { createHmac, timingSafeEqual } from 'node:crypto';

/** Claims of a LINE ID token, as LINE's verify endpoint returns them. */
export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  iat: number;
  amr: string[];
  name?: string;
  picture?: string;
  nonce?: string;
}

export const LINE_ISSUER = 'https://access.line.me';

function b64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/** Signs an HS256 JWT the way LINE Login signs ID tokens for web channels. */
export function signIdToken(claims: IdTokenClaims, secret: string): string {
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
  const payload = b64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export type IdTokenVerdict =
  | { ok: true; claims: IdTokenClaims }
  | { ok: false; description: 'Invalid IdToken.' | 'IdToken expired.' | 'Invalid IdToken Audience.' | 'Invalid IdToken Issuer.' };

/** Checks a token the way LINE's POST /oauth2/v2.1/verify does, with its error wording. */
export function verifyIdToken(token: string, secret: string, clientId: string, nowMs: number): IdTokenVerdict {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, description: 'Invalid IdToken.' };
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, description: 'Invalid IdToken.' };
  }
  let claims: IdTokenClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as IdTokenClaims;
  } catch {
    return { ok: false, description: 'Invalid IdToken.' };
  }
  if (claims.iss !== LINE_ISSUER) return { ok: false, description: 'Invalid IdToken Issuer.' };
  if (claims.aud !== clientId) return { ok: false, description: 'Invalid IdToken Audience.' };
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs) return { ok: false, description: 'IdToken expired.' };
  return { ok: true, claims };
}
