import { HTTPFetchError, messagingApi } from '@line/bot-sdk';

export type LineMessage = messagingApi.Message;

export interface LineProfile {
  userId: string;
  displayName: string;
  pictureUrl?: string;
  language?: string;
}

export type PushOutcome =
  | { ok: true; status: 200 | 409; requestId?: string }
  | { ok: false; status: number; retryable: boolean; reason: string; retryAfterMs?: number };

/**
 * Our one door to the Messaging API. Built once with base URLs from config, so the sandbox
 * stands in for api.line.me / api-data.line.me in dev and tests.
 */
export class LineClient {
  readonly api: messagingApi.MessagingApiClient;
  readonly blob: messagingApi.MessagingApiBlobClient;

  constructor(options: { channelAccessToken: string; apiBaseUrl?: string; dataApiBaseUrl?: string }) {
    this.api = new messagingApi.MessagingApiClient({
      channelAccessToken: options.channelAccessToken,
      ...(options.apiBaseUrl ? { baseURL: options.apiBaseUrl } : {}),
    });
    this.blob = new messagingApi.MessagingApiBlobClient({
      channelAccessToken: options.channelAccessToken,
      ...(options.dataApiBaseUrl ? { baseURL: options.dataApiBaseUrl } : {}),
    });
  }

  async reply(replyToken: string, messages: LineMessage[]): Promise<void> {
    await this.api.replyMessage({ replyToken, messages });
  }

  /** Pushes with LINE's retry key; a 409 for a repeated key means LINE already has it. */
  async push(to: string, messages: LineMessage[], retryKey: string): Promise<PushOutcome> {
    try {
      await this.api.pushMessage({ to, messages }, retryKey);
      return { ok: true, status: 200 };
    } catch (error) {
      return describeFailure(error);
    }
  }

  /** One message set to 1–500 users (POST /v2/bot/message/multicast), with LINE's retry key; a 409 means LINE already has it. */
  async multicast(to: string[], messages: LineMessage[], retryKey: string): Promise<PushOutcome> {
    try {
      await this.api.multicast({ to, messages }, retryKey);
      return { ok: true, status: 200 };
    } catch (error) {
      return describeFailure(error);
    }
  }

  /** The profile of a user who follows the account, or null when LINE does not know them. */
  async getProfile(userId: string): Promise<LineProfile | null> {
    try {
      const p = await this.api.getProfile(userId);
      return {
        userId: p.userId,
        displayName: p.displayName,
        ...(p.pictureUrl ? { pictureUrl: p.pictureUrl } : {}),
        ...(p.language ? { language: p.language } : {}),
      };
    } catch (error) {
      if (error instanceof HTTPFetchError && error.status === 404) return null;
      throw error;
    }
  }

  // ── rich menus (bot-server/richmenus) ──

  async createRichMenu(menu: messagingApi.RichMenuRequest): Promise<string> {
    return (await this.api.createRichMenu(menu)).richMenuId;
  }

  async setRichMenuImage(richMenuId: string, image: Buffer, contentType: 'image/png' | 'image/jpeg'): Promise<void> {
    await this.blob.setRichMenuImage(richMenuId, new Blob([new Uint8Array(image)], { type: contentType }));
  }

  /** Points an alias at a menu: updates it when it exists, else creates it. */
  async upsertRichMenuAlias(richMenuAliasId: string, richMenuId: string): Promise<void> {
    try {
      await this.api.updateRichMenuAlias(richMenuAliasId, { richMenuId });
    } catch (error) {
      if (!(error instanceof HTTPFetchError) || error.status !== 404) throw error;
      await this.api.createRichMenuAlias({ richMenuAliasId, richMenuId });
    }
  }

  /** ≤ 500 user ids a call (LINE's bulk link). */
  async linkRichMenuToUsers(richMenuId: string, userIds: string[]): Promise<void> {
    await this.api.linkRichMenuIdToUsers({ richMenuId, userIds });
  }

  async unlinkRichMenuFromUsers(userIds: string[]): Promise<void> {
    await this.api.unlinkRichMenuIdFromUsers({ userIds });
  }

  async setDefaultRichMenu(richMenuId: string): Promise<void> {
    await this.api.setDefaultRichMenu(richMenuId);
  }

  async cancelDefaultRichMenu(): Promise<void> {
    await this.api.cancelDefaultRichMenu();
  }

  /** Deletes an alias; one LINE no longer has counts as deleted. */
  async deleteRichMenuAlias(richMenuAliasId: string): Promise<void> {
    try {
      await this.api.deleteRichMenuAlias(richMenuAliasId);
    } catch (error) {
      if (error instanceof HTTPFetchError && error.status === 404) return;
      throw error;
    }
  }

  /** Deletes a menu; one LINE no longer has counts as deleted. */
  async deleteRichMenu(richMenuId: string): Promise<void> {
    try {
      await this.api.deleteRichMenu(richMenuId);
    } catch (error) {
      if (error instanceof HTTPFetchError && error.status === 404) return;
      throw error;
    }
  }
}

export function describeFailure(error: unknown): PushOutcome {
  if (error instanceof HTTPFetchError) {
    if (error.status === 409) {
      const requestId = error.headers.get('x-line-accepted-request-id') ?? undefined;
      return { ok: true, status: 409, ...(requestId ? { requestId } : {}) };
    }
    const retryable = error.status === 429 || error.status >= 500;
    const retryAfter = Number(error.headers.get('retry-after'));
    return {
      ok: false,
      status: error.status,
      retryable,
      reason: `${error.status} ${truncate(error.body, 300)}`,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, status: 0, retryable: true, reason: `network: ${truncate(message, 300)}` };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
