import { randomInt } from 'node:crypto';

export interface SandboxSms {
  /** The stand-in's message id (Mitake's `msgid`). */
  id: string;
  /** E.164. */
  to: string;
  body: string;
  clientId: string | null;
  at: string;
}

/** Keeps this many messages per number (oldest dropped first). */
const PER_NUMBER = 50;
/** Forgets a `clientid` after 12 hours, as Mitake does. */
const CLIENT_ID_TTL_MS = 12 * 3600_000;

/** The texts the sandbox's SMS provider "sent": what the sandbox page and tests read. */
export class SmsInbox {
  private readonly byNumber = new Map<string, SandboxSms[]>();
  private readonly byClientId = new Map<string, { message: SandboxSms; until: number }>();
  private readonly recent: SandboxSms[] = [];
  accountPoint = 10_000;

  /** Records a text; a repeated client id answers the first message and records nothing. */
  record(to: string, body: string, clientId: string | null, now = Date.now()): { message: SandboxSms; duplicate: boolean } {
    if (clientId) {
      const seen = this.byClientId.get(clientId);
      if (seen && seen.until > now) return { message: seen.message, duplicate: true };
    }
    const message: SandboxSms = { id: String(randomInt(1_000_000_000, 9_999_999_999)), to, body, clientId, at: new Date(now).toISOString() };
    const list = this.byNumber.get(to) ?? [];
    list.push(message);
    if (list.length > PER_NUMBER) list.shift();
    this.byNumber.set(to, list);
    this.recent.push(message);
    if (this.recent.length > 200) this.recent.shift();
    if (clientId) this.byClientId.set(clientId, { message, until: now + CLIENT_ID_TTL_MS });
    this.accountPoint -= 1;
    return { message, duplicate: false };
  }

  to(e164: string): SandboxSms[] {
    return [...(this.byNumber.get(e164) ?? [])];
  }

  /** Newest first, for the sandbox page. */
  latest(limit = 100): SandboxSms[] {
    return this.recent.slice(-limit).reverse();
  }
}
