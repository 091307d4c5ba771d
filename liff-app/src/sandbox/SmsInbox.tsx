import { useCallback, useState } from 'react';
import { readJson } from '../lib/json.ts';
import { usePolling } from './usePolling.ts';
import './sms-inbox.css';

interface Sms {
  id: string;
  to: string;
  body: string;
  at: string;
}

const POLL_MS = 2000;

/** 0912345678 for a Taiwan number, as people read it. */
function national(e164: string): string {
  return e164.startsWith('+886') ? `0${e164.slice(4)}` : e164;
}

/**
 * The sandbox's SMS inbox: the texts our SMS provider stand-in (Mitake's API on this server)
 * "sent", newest first, so a tester can read the one-time code a registration asks for.
 * Also at GET /sandbox/sms/messages?to=<E.164>.
 */
export function SmsInbox() {
  const [open, setOpen] = useState(false);
  const [messages, setMessages] = useState<Sms[] | null>(null);
  const [failed, setFailed] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const res = await fetch('/sandbox/sms/api/messages', { headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await readJson(res)) as { messages: Sms[] };
      setMessages(body.messages);
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, []);
  usePolling(open ? refresh : async () => undefined, POLL_MS);

  const toggle = () => {
    const next = !open;
    setOpen(next);
    if (next) void refresh();
  };

  return (
    <aside className={`sb-sms ${open ? 'sb-sms--open' : ''}`} aria-label="簡訊收件匣">
      <button type="button" className="sb-sms-toggle" onClick={toggle} aria-expanded={open} aria-controls="sb-sms-panel">
        📱 簡訊收件匣{messages && messages.length > 0 ? `（${messages.length}）` : ''}
      </button>
      {open ? (
        <div id="sb-sms-panel" className="sb-sms-panel">
          <p className="sb-sms-intro">驗證碼簡訊會出現在這裡（沙盒的三竹簡訊模擬器收到的內容）。</p>
          {failed ? <p role="alert">無法載入簡訊，稍後會自動重試。</p> : null}
          {messages === null ? (
            <p>載入中…</p>
          ) : messages.length === 0 ? (
            <p>還沒有簡訊。在會員 App 註冊時按「傳送驗證碼」試試。</p>
          ) : (
            <ol className="sb-sms-list" aria-live="polite">
              {messages.map((m) => (
                <li key={m.id} className="sb-sms-item">
                  <div className="sb-sms-meta">
                    <span className="sb-sms-to">{national(m.to)}</span>
                    <time dateTime={m.at}>{new Date(m.at).toLocaleTimeString('zh-TW', { hour: '2-digit', minute: '2-digit', second: '2-digit' })}</time>
                  </div>
                  <p className="sb-sms-body">{m.body}</p>
                </li>
              ))}
            </ol>
          )}
        </div>
      ) : null}
    </aside>
  );
}
