/**
 * The SMS adapter: what the verification needs from a provider. One implementation per
 * provider (mitake.ts); the composition root picks one from the configuration. In sandbox
 * mode the provider is the sandbox's stand-in (bot-server/sandbox/sms.routes.ts), reached
 * over HTTP with the same adapter, so the real request format is what the tests exercise.
 */
export interface SmsSender {
  /** Sends one text; resolves with the provider's message id, or throws SmsError. */
  send(message: SmsMessage): Promise<{ providerMessageId: string }>;
  /** For logs: which provider this is (never credentials). */
  readonly name: string;
}

export interface SmsMessage {
  /** E.164, e.g. +886912345678. */
  to: string;
  body: string;
  /**
   * Our id for the message (≤ 36 characters): providers that deduplicate on it send a repeat
   * once, so a retried request never texts twice.
   */
  clientId: string;
}

/** The provider refused or could not be reached. `providerCode` is theirs (safe to log); never the message. */
export class SmsError extends Error {
  readonly providerCode: string;
  /** Trying again later may work (the provider was busy or unreachable). */
  readonly retryable: boolean;
  constructor(message: string, providerCode: string, retryable: boolean) {
    super(message);
    this.name = 'SmsError';
    this.providerCode = providerCode;
    this.retryable = retryable;
  }
}
