import { AppError } from '../../shared/errors.ts';

export interface VerifiedIdToken {
  lineUserId: string;
  name: string | undefined;
  picture: string | undefined;
  expiresAt: Date;
}

const LINE_ISSUER = 'https://access.line.me';

/**
 * Verifies a LIFF ID token at LINE's verify endpoint (LINE checks the signature; we check
 * `aud`, `exp` and `iss` again). Failures from LINE are the caller's (401); LINE being
 * unreachable is not (503), so the app retries instead of signing out.
 */
export async function verifyLineIdToken(options: { apiBaseUrl: string; clientId: string; idToken: string; now?: Date }): Promise<VerifiedIdToken> {
  let response: Response;
  try {
    response = await fetch(new URL('/oauth2/v2.1/verify', options.apiBaseUrl), {
      method: 'POST',
      body: new URLSearchParams({ id_token: options.idToken, client_id: options.clientId }),
      signal: AbortSignal.timeout(5000),
    });
  } catch (error) {
    throw new AppError('LINE_UNAVAILABLE', { cause: error });
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.status >= 500) throw new AppError('LINE_UNAVAILABLE');
  if (response.status !== 200) {
    const description = String(body.error_description ?? '');
    if (/expired/i.test(description)) throw new AppError('ID_TOKEN_EXPIRED', { details: { reason: description } });
    throw new AppError('ID_TOKEN_INVALID', { details: { reason: description || `verify answered ${response.status}` } });
  }
  const now = (options.now ?? new Date()).getTime();
  const sub = body.sub;
  const exp = body.exp;
  if (body.iss !== LINE_ISSUER) throw new AppError('ID_TOKEN_INVALID', { details: { reason: 'issuer' } });
  if (body.aud !== options.clientId) throw new AppError('ID_TOKEN_INVALID', { details: { reason: 'audience' } });
  if (typeof exp !== 'number' || exp * 1000 <= now) throw new AppError('ID_TOKEN_EXPIRED');
  if (typeof sub !== 'string' || !/^U[0-9a-f]{32}$/.test(sub)) throw new AppError('ID_TOKEN_INVALID', { details: { reason: 'subject' } });
  return {
    lineUserId: sub,
    name: typeof body.name === 'string' ? body.name : undefined,
    picture: typeof body.picture === 'string' ? body.picture : undefined,
    expiresAt: new Date(exp * 1000),
  };
}
