import type { LineMessage } from '../flex/types.ts';
import { readJson } from '../lib/json.ts';
import { sandboxText } from './i18n.ts';

/** The sandbox server's chat-page API (GET /sandbox/api/state, /chat; POST /users, /sandbox/line/events). */

export interface SandboxAccount {
  name: string;
  pictureUrl: string | null;
}

export interface SandboxUser {
  userId: string;
  displayName: string;
  pictureUrl: string | null;
  isFollowing: boolean;
}

export interface SandboxState {
  account: SandboxAccount;
  /** Where the server's own links point (bot-server/links.ts: PUBLIC_BASE_URL or its local origin). */
  publicBaseUrl?: string;
  users: SandboxUser[];
}

export interface PostbackRecord {
  type: 'postback';
  data: string;
  displayText?: string;
}

export interface SystemRecord {
  type: 'system';
  text: string;
}

export type ChatItem =
  | { id: string; at: string; direction: 'out'; via: 'push' | 'reply' | 'multicast'; message: LineMessage; delivered: boolean }
  | { id: string; at: string; direction: 'in'; via: 'user'; message: LineMessage | PostbackRecord; delivered: boolean }
  | { id: string; at: string; direction: 'system'; via: string; message: SystemRecord; delivered: boolean };

export type SandboxEvent =
  | { type: 'follow' | 'unfollow'; userId: string }
  | { type: 'message'; userId: string; text: string }
  | { type: 'postback'; userId: string; data: string };

export interface EventResult {
  event: Record<string, unknown>;
  /** The HTTP status our webhook answered the signed event with. */
  webhookStatus: number;
}

export interface RichMenuArea {
  bounds: { x: number; y: number; width: number; height: number };
  action: { type: string; label?: string; uri?: string; data?: string; text?: string; displayText?: string; richMenuAliasId?: string; mode?: string };
}

/** The menu the user's LINE app shows now (GET /sandbox/api/richmenu); null means no bar. */
export interface ShownRichMenu {
  richMenuId: string;
  size: { width: number; height: number };
  chatBarText: string;
  /** LINE opens the menu by default when true. */
  selected: boolean;
  name: string;
  areas: RichMenuArea[];
  source: 'user' | 'default' | 'switch';
  imageUrl: string;
}

export interface RichMenuTapResult {
  action: string;
  event?: Record<string, unknown>;
  webhookStatus?: number;
  open?: string;
  unsupported?: boolean;
}

export class SandboxApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;

  constructor(message: string, status: number, code?: string) {
    super(message);
    this.name = 'SandboxApiError';
    this.status = status;
    this.code = code;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Our API answers `{ error: { code, message } }`; LINE-style sandbox endpoints answer `{ message, details? }`. */
function describeError(body: unknown): { message?: string; code?: string } {
  if (!isRecord(body)) return {};
  const { error } = body;
  if (isRecord(error) && typeof error.message === 'string') {
    return { message: error.message, ...(typeof error.code === 'string' ? { code: error.code } : {}) };
  }
  if (typeof body.message === 'string') {
    const details = Array.isArray(body.details)
      ? body.details
          .filter(isRecord)
          .map((d) => [d.property, d.message].filter((part) => typeof part === 'string').join(': '))
          .filter(Boolean)
      : [];
    return { message: details.length > 0 ? `${body.message}（${details.join('；')}）` : body.message };
  }
  return {};
}

async function request<T>(path: string, init?: { method: 'POST'; body: unknown }): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init?.method ?? 'GET',
      headers: init ? { accept: 'application/json', 'content-type': 'application/json' } : { accept: 'application/json' },
      body: init ? JSON.stringify(init.body) : undefined,
      cache: 'no-store',
    });
  } catch {
    throw new SandboxApiError(sandboxText('sandbox.errors.offline'), 0);
  }
  const body = await readJson(response);
  if (!response.ok) {
    const { message, code } = describeError(body);
    throw new SandboxApiError(message ?? sandboxText('sandbox.errors.http', { status: `${response.status}${response.statusText ? ` ${response.statusText}` : ''}` }), response.status, code);
  }
  if (body === undefined) throw new SandboxApiError(sandboxText('sandbox.errors.notJson', { path }), response.status);
  return body as T;
}

export const sandboxApi = {
  state: () => request<SandboxState>('/sandbox/api/state'),
  chat: async (userId: string) => {
    const body = await request<{ items?: ChatItem[] }>(`/sandbox/api/chat?userId=${encodeURIComponent(userId)}`);
    return Array.isArray(body.items) ? body.items : [];
  },
  addUser: (displayName: string) => request<SandboxUser>('/sandbox/api/users', { method: 'POST', body: { displayName } }),
  sendEvent: (event: SandboxEvent) => request<EventResult>('/sandbox/line/events', { method: 'POST', body: event }),
  richMenu: async (userId: string) => (await request<{ richMenu: ShownRichMenu | null }>(`/sandbox/api/richmenu?userId=${encodeURIComponent(userId)}`)).richMenu,
  tapRichMenu: (tap: { userId: string; richMenuId: string; areaIndex: number }) =>
    request<RichMenuTapResult>('/sandbox/line/richmenu-tap', { method: 'POST', body: tap }),
};
