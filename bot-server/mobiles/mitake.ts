import { SmsError, type SmsMessage, type SmsSender } from './sms-sender.ts';

/**
 * Mitake (三竹簡訊) HTTP API, single send (`SmSend`), as documented by Mitake:
 *
 *   POST {base}/api/mtk/SmSend?CharsetURL=UTF-8
 *   Content-Type: application/x-www-form-urlencoded
 *   username=…&password=…&dstaddr=0912345678&smbody=…&clientid=…
 *
 * The answer is plain text, `key=value` lines, e.g.
 *
 *   [1]
 *   msgid=1010079522
 *   statuscode=1
 *   AccountPoint=98
 *
 * `statuscode` 0/1/2/4 mean accepted (reserved, sent to the carrier, delivered); letters are
 * refusals (`e` wrong username or password, `v` bad number, `u` empty body, `x` too long, `y`
 * bad parameters, `*` / `a` / `b` / `r` the service is busy). A repeated `clientid` (kept 12 h)
 * is answered with the first message's id and `Duplicate=Y`, and is not sent again.
 */
export interface MitakeOptions {
  username: string;
  password: string;
  /** https://smsapi.mitake.com.tw, or the sandbox's stand-in. */
  baseUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Accepted for sending: reserved (0), sent to the carrier (1, 2), delivered (4). */
const ACCEPTED = new Set(['0', '1', '2', '4']);
/** Refusals where trying again later may work: system error, temporarily unavailable, busy, accounting. */
const RETRYABLE = new Set(['*', 'a', 'b', 'r', 's']);

/** Mitake's domestic numbers are written 09XXXXXXXX. */
export function mitakeNumber(e164: string): string {
  if (!/^\+8869\d{8}$/.test(e164)) throw new SmsError('Mitake domestic sending takes Taiwan mobile numbers only', 'v', false);
  return `0${e164.slice(4)}`;
}

/** Parses Mitake's `key=value` answer (CRLF or LF lines; `[n]` section headers are skipped). */
export function parseMitakeAnswer(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || /^\[\d+\]$/.test(line)) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

export class MitakeSmsSender implements SmsSender {
  readonly name = 'mitake';
  private readonly options: MitakeOptions;
  constructor(options: MitakeOptions) {
    this.options = options;
  }

  async send(message: SmsMessage): Promise<{ providerMessageId: string }> {
    const form = new URLSearchParams({
      username: this.options.username,
      password: this.options.password,
      dstaddr: mitakeNumber(message.to),
      smbody: message.body,
      clientid: message.clientId.slice(0, 36),
    });
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/api/mtk/SmSend?CharsetURL=UTF-8`;
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new SmsError(`Mitake could not be reached: ${error instanceof Error ? error.name : 'error'}`, 'network', true);
    }
    const text = await response.text();
    if (!response.ok) throw new SmsError(`Mitake answered HTTP ${response.status}`, `http_${response.status}`, response.status >= 500 || response.status === 429);
    const answer = parseMitakeAnswer(text);
    const status = answer.statuscode ?? '';
    if (ACCEPTED.has(status) && answer.msgid) return { providerMessageId: answer.msgid };
    throw new SmsError(`Mitake refused the message: statuscode ${status || '(none)'}`, status || 'unknown', RETRYABLE.has(status));
  }
}
