import { useState } from 'react';
import { currentLanguage } from '../i18n/index.ts';
import { apiErrorOf, call, errorMessage, networkError, type ApiError } from './client.ts';
import { readJson } from '../lib/json.ts';

/**
 * Requests the typed JSON client cannot make: CSV out (downloads) and CSV in (imports). The
 * client keeps the bearer token to itself, so these carry the session in the HttpOnly cookie
 * that POST /api/session also sets (path /api, same origin). A lapsed session answers 401: one
 * typed call signs in again (refreshing the cookie) and the request is sent once more.
 */
export async function sessionFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const run = () =>
    fetch(path, { ...init, credentials: 'same-origin', headers: { 'accept-language': currentLanguage(), ...(init.headers as Record<string, string> | undefined) } });
  try {
    const response = await run();
    if (response.status !== 401) return response;
    await call('getMe').catch(() => undefined);
    return await run();
  } catch (error) {
    throw networkError(error);
  }
}

/** The ApiError of a failed raw answer (its JSON error body, when it has one). */
export async function responseError(response: Response): Promise<ApiError> {
  return apiErrorOf(response, await readJson(response));
}

/** GETs a file of the console (a CSV) and saves it under the server's filename, or `fallbackName`. */
export async function downloadFile(path: string, fallbackName: string, accept = 'text/csv'): Promise<void> {
  const response = await sessionFetch(path, { headers: { accept } });
  if (!response.ok) throw await responseError(response);
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A download button's state: `busy` while the file comes, the failure in words (also handed to
 * `onError`, for pages that show it in their own notice).
 */
export function useDownload(onError?: (message: string) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = async (download: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await download();
    } catch (failure) {
      const message = errorMessage(failure);
      setError(message);
      onError?.(message);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, start };
}
