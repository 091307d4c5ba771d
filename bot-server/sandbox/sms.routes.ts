import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import { normalizeMobile } from '../../shared/phone.ts';
import type { SmsInbox } from './sms-inbox.ts';

/** Mitake counts a text of up to 333 characters as a long message; more is refused (`x`). */
const MAX_BODY = 333;

function answer(res: Response, lines: string[]): void {
  res.type('text/plain; charset=utf-8').send(`${lines.join('\r\n')}\r\n`);
}

/**
 * The sandbox's SMS provider: Mitake's SmSend over HTTP, as the real one behaves for what we
 * use (form-encoded body, `CharsetURL`, username/password check, per-message status codes,
 * `clientid` deduplication), plus the inbox people and tests read:
 * `GET /sandbox/sms/messages?to=<E.164>` and `GET /sandbox/sms/api/messages` (newest first).
 */
export function createSmsSandboxRouter(options: { inbox: SmsInbox; username: string; password: string }): Router {
  const { inbox } = options;
  const router = Router();

  router.post('/mitake/api/mtk/SmSend', express.urlencoded({ extended: false, limit: '16kb' }), (req: Request, res: Response) => {
    const charset = String(req.query.CharsetURL ?? 'Big5').toUpperCase().replace('-', '');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    if (!field('username')) return answer(res, ['statuscode=c', 'Error=必須指定帳號']);
    if (!field('password')) return answer(res, ['statuscode=d', 'Error=必須指定密碼']);
    if (field('username') !== options.username || field('password') !== options.password) return answer(res, ['statuscode=e', 'Error=帳號、密碼錯誤']);
    // We send UTF-8; a Big5 request would be read as mojibake by the real service.
    if (charset !== 'UTF8') return answer(res, ['[1]', 'statuscode=y', 'Error=參數錯誤：本沙盒只接受 CharsetURL=UTF-8']);
    const dstaddr = field('dstaddr');
    const smbody = field('smbody');
    if (!/^09\d{8}$/.test(dstaddr)) return answer(res, ['[1]', 'statuscode=v', 'Error=無效的手機號碼']);
    if (smbody === '') return answer(res, ['[1]', 'statuscode=u', 'Error=簡訊內容為空白']);
    if ([...smbody].length > MAX_BODY) return answer(res, ['[1]', 'statuscode=x', 'Error=簡訊內容超過長度']);
    const clientId = field('clientid') || null;
    if (clientId && clientId.length > 36) return answer(res, ['[1]', 'statuscode=y', 'Error=clientid 超過 36 字元']);
    const to = `+886${dstaddr.slice(1)}`;
    const { message, duplicate } = inbox.record(to, smbody, clientId);
    answer(res, ['[1]', `msgid=${duplicate ? '#' : ''}${message.id}`, 'statuscode=1', `AccountPoint=${inbox.accountPoint}`, ...(duplicate ? ['Duplicate=Y'] : [])]);
  });

  router.get('/messages', (req, res) => {
    const to = z.string().max(30).safeParse(req.query.to);
    const mobile = to.success ? normalizeMobile(to.data) : undefined;
    if (!mobile?.ok) throw new AppError('VALIDATION_FAILED', { message: 'to: 請給 E.164 手機號碼，例如 +886912345678', messageEn: 'to: give an E.164 mobile number, e.g. +886912345678', field: 'to' });
    res.json({ messages: inbox.to(mobile.e164) });
  });

  router.get('/api/messages', (_req, res) => {
    res.json({ messages: inbox.latest() });
  });

  return router;
}
