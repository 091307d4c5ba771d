import { randomBytes, randomFillSync, randomUUID } from 'node:crypto';
import { monotonicFactory } from 'ulid';

/**
 * Chat item ids: ULIDs drawn from a buffered crypto PRNG. The library's default asks the OS for
 * one byte per character (~100 µs an id), which made the stand-in itself — not the sender under
 * test — the ceiling of a 100,000-recipient multicast (one chat item per recipient).
 */
const randomPool = new Uint8Array(4096);
let randomAt = randomPool.length;
const chatItemId = monotonicFactory(() => {
  if (randomAt >= randomPool.length) {
    randomFillSync(randomPool);
    randomAt = 0;
  }
  return randomPool[randomAt++]! / 256;
});

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
  image?: { contentType: string; bytes: number; data: Buffer; width: number; height: number };
}

/** A failure a test queued for the next call(s) of one LINE operation (the SDK's operationId). */
export interface InjectedFault {
  status: number;
  message: string;
  /** How many calls still get this answer. */
  remaining: number;
}

/** A sliding one-hour window of calls, for LINE's per-hour limits (rich menu create/delete). */
export class HourlyWindow {
  private readonly calls: number[] = [];
  limit: number;
  constructor(limit: number) {
    this.limit = limit;
  }
  take(now = Date.now()): boolean {
    while (this.calls.length > 0 && this.calls[0]! <= now - 3600_000) this.calls.shift();
    if (this.calls.length >= this.limit) return false;
    this.calls.push(now);
    return true;
  }
  clear(): void {
    this.calls.length = 0;
  }
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
  /** LINE: create rich menu 100 requests an hour (default 100). */
  richMenuCreatesPerHour?: number;
  /** LINE: delete rich menu 100 requests an hour (default 100). */
  richMenuDeletesPerHour?: number;
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
  /**
   * What a user's LINE app shows after a richmenuswitch tap: the switched-to menu, until the
   * menu LINE would show them (their link, else the default) changes.
   */
  readonly switchedRichMenus = new Map<string, { richMenuId: string; basedOn: string }>();
  /** Batch control requests (POST /v2/bot/richmenu/batch), by request id. */
  readonly richMenuBatches = new Map<string, { acceptedTime: string; completedTime: string; resumeRequestKey?: string }>();
  /** Faults queued per operation: `injectFault('setRichMenuImage', { status: 500 })`. */
  readonly injectedFaults = new Map<string, InjectedFault[]>();
  readonly richMenuWindows: { create: HourlyWindow; delete: HourlyWindow; batch: HourlyWindow };
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
    this.richMenuWindows = {
      create: new HourlyWindow(settings.richMenuCreatesPerHour ?? 100),
      delete: new HourlyWindow(settings.richMenuDeletesPerHour ?? 100),
      batch: new HourlyWindow(3),
    };
  }

  /** Queues `times` (default 1) answers of `status` for the named operation (LINE SDK operationId). */
  injectFault(operation: string, fault: { status: number; message?: string; times?: number }): void {
    const list = this.injectedFaults.get(operation) ?? [];
    list.push({ status: fault.status, message: fault.message ?? defaultFaultMessage(fault.status), remaining: fault.times ?? 1 });
    this.injectedFaults.set(operation, list);
  }

  /** The fault to answer this call of `operation` with, if one is queued (consumes it). */
  takeFault(operation: string): InjectedFault | undefined {
    const list = this.injectedFaults.get(operation);
    const fault = list?.[0];
    if (!list || !fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) list.shift();
    if (list.length === 0) this.injectedFaults.delete(operation);
    return fault;
  }

  /** The menu LINE shows this user: their per-user link, else the default; null = no menu (no bar). */
  linkedRichMenuId(userId: string): string | null {
    const linked = this.userRichMenus.get(userId);
    if (linked && this.richMenus.has(linked)) return linked;
    return this.defaultRichMenuId && this.richMenus.has(this.defaultRichMenuId) ? this.defaultRichMenuId : null;
  }

  /** The menu on the user's screen: a richmenuswitch target while their linked menu stays the same. */
  shownRichMenuId(userId: string): string | null {
    const base = this.linkedRichMenuId(userId);
    const switched = this.switchedRichMenus.get(userId);
    if (base && switched && switched.basedOn === base && this.richMenus.get(switched.richMenuId)?.image) return switched.richMenuId;
    if (switched) this.switchedRichMenus.delete(userId);
    return base;
  }

  updateSettings(patch: Partial<Omit<SandboxSettings, 'faults'>> & { faults?: Partial<SandboxFaults> }): SandboxSettings {
    this.settings = { ...this.settings, ...patch, faults: { ...this.settings.faults, ...(patch.faults ?? {}) } };
    this.buckets.push.rate = this.settings.pushRatePerSecond;
    this.buckets.multicast.rate = this.settings.multicastRatePerSecond;
    if (this.settings.richMenuCreatesPerHour !== undefined) this.richMenuWindows.create.limit = this.settings.richMenuCreatesPerHour;
    if (this.settings.richMenuDeletesPerHour !== undefined) this.richMenuWindows.delete.limit = this.settings.richMenuDeletesPerHour;
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
    const full: ChatItem = { id: chatItemId(), at: new Date().toISOString(), ...item };
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
    this.injectedFaults.clear();
  }

  /** Forgets every rich menu, alias, link and the default, and refills the hourly windows. */
  resetRichMenus(): void {
    this.richMenus.clear();
    this.richMenuAliases.clear();
    this.userRichMenus.clear();
    this.switchedRichMenus.clear();
    this.richMenuBatches.clear();
    this.defaultRichMenuId = null;
    for (const window of Object.values(this.richMenuWindows)) window.clear();
  }
}

function defaultFaultMessage(status: number): string {
  if (status === 429) return 'Too Many Requests';
  if (status >= 500) return 'Internal Server Error';
  if (status === 404) return 'Not found';
  return 'Injected failure';
}

let lastMessageId = 0;
/** LINE message ids: numeric strings, distinct for every message sent. */
export function nextMessageId(): string {
  lastMessageId = Math.max(lastMessageId + 1, Date.now() * 1000);
  return String(lastMessageId);
}
