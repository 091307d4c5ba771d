import { randomBytes, randomUUID } from 'node:crypto';
import { ulid } from 'ulid';

export interface SandboxUser {
  userId: string;
  displayName: string;
  pictureUrl: string | null;
  statusMessage: string | null;
  language: string;
  isFollowing: boolean;
}

export type ChatDirection = 'out' | 'in' | 'system';
export type ChatVia = 'push' | 'reply' | 'multicast' | 'user';

export interface ChatItem {
  id: string;
  at: string;
  userId: string;
  direction: ChatDirection;
  via: ChatVia;
  message: Record<string, unknown>;
  /** False when LINE accepted the message but the user had blocked the account. */
  delivered: boolean;
  retryKey?: string;
  requestId?: string;
}

export interface RichMenu {
  richMenuId: string;
  body: Record<string, unknown>;
  image?: { contentType: string; bytes: number };
}

/** A token bucket: `rate` tokens a second, bursts up to `rate`. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  rate: number;
  constructor(rate: number) {
    this.rate = rate;
    this.tokens = rate;
    this.last = performance.now();
  }
  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.rate, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export interface SandboxFaults {
  /** Share of push/multicast requests answered 429 at random (0..1). */
  rate429: number;
  /** Share answered 500 before anything is accepted. */
  rate500: number;
  /** Share accepted and recorded, yet answered 500: a retry with the same key then meets 409. */
  rate500AfterAccept: number;
}

export interface SandboxSettings {
  pushRatePerSecond: number;
  multicastRatePerSecond: number;
  monthlyQuota: number;
  replyTokenTtlMs: number;
  faults: SandboxFaults;
}

/** Everything the stand-in LINE platform remembers. In memory: it is a dev and test double. */
export class SandboxState {
  readonly users = new Map<string, SandboxUser>();
  readonly chats = new Map<string, ChatItem[]>();
  readonly retryKeys = new Map<string, { requestId: string; at: number; sentMessages: { id: string; quoteToken: string }[] }>();
  readonly replyTokens = new Map<string, { userId: string; expiresAt: number; used: boolean }>();
  readonly sentEvents = new Map<string, Record<string, unknown>>();
  readonly richMenus = new Map<string, RichMenu>();
  readonly richMenuAliases = new Map<string, string>();
  readonly userRichMenus = new Map<string, string>();
  defaultRichMenuId: string | null = null;
  quotaUsage = 0;
  /** Every accepted push/multicast/reply request, for tests and benchmarks to count. */
  acceptedRequests = 0;
  readonly buckets: { push: TokenBucket; multicast: TokenBucket; other: TokenBucket };
  settings: SandboxSettings;
  /** Secret for the ID tokens this sandbox issues; lives as long as the process. */
  readonly idTokenSecret = randomBytes(32).toString('hex');
  readonly botUserId = `U${randomBytes(16).toString('hex')}`;

  constructor(settings: SandboxSettings) {
    this.settings = settings;
    this.buckets = {
      push: new TokenBucket(settings.pushRatePerSecond),
      multicast: new TokenBucket(settings.multicastRatePerSecond),
      other: new TokenBucket(2000),
    };
  }

  updateSettings(patch: Partial<Omit<SandboxSettings, 'faults'>> & { faults?: Partial<SandboxFaults> }): SandboxSettings {
    this.settings = { ...this.settings, ...patch, faults: { ...this.settings.faults, ...(patch.faults ?? {}) } };
    this.buckets.push.rate = this.settings.pushRatePerSecond;
    this.buckets.multicast.rate = this.settings.multicastRatePerSecond;
    return this.settings;
  }

  addUser(input: { displayName: string; userId?: string; pictureUrl?: string | null; isFollowing?: boolean; language?: string }): SandboxUser {
    const user: SandboxUser = {
      userId: input.userId ?? `U${randomBytes(16).toString('hex')}`,
      displayName: input.displayName,
      pictureUrl: input.pictureUrl ?? null,
      statusMessage: null,
      language: input.language ?? 'zh-TW',
      isFollowing: input.isFollowing ?? false,
    };
    this.users.set(user.userId, user);
    return user;
  }

  record(item: Omit<ChatItem, 'id' | 'at'>): ChatItem {
    const full: ChatItem = { id: ulid(), at: new Date().toISOString(), ...item };
    const list = this.chats.get(item.userId) ?? [];
    list.push(full);
    this.chats.set(item.userId, list);
    return full;
  }

  issueReplyToken(userId: string): string {
    const token = randomUUID().replaceAll('-', '');
    this.replyTokens.set(token, { userId, expiresAt: Date.now() + this.settings.replyTokenTtlMs, used: false });
    return token;
  }

  reset(): void {
    this.chats.clear();
    this.retryKeys.clear();
    this.replyTokens.clear();
    this.sentEvents.clear();
    this.quotaUsage = 0;
    this.acceptedRequests = 0;
  }
}
