import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { readJson } from '../lib/json.ts';
import { usePolling } from './usePolling.ts';
import { useSandboxLanguage } from './i18n.ts';
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
  const { t } = useTranslation();
  const lang = useSandboxLanguage();
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
    <aside className={`sb-sms ${open ? 'sb-sms--open' : ''}`} aria-label={t('sandbox.sms.region')}>
      <button type="button" className="sb-sms-toggle" onClick={toggle} aria-expanded={open} aria-controls="sb-sms-panel">
        {messages && messages.length > 0 ? t('sandbox.sms.toggleCount', { count: messages.length }) : t('sandbox.sms.toggle')}
      </button>
      {open ? (
        <div id="sb-sms-panel" className="sb-sms-panel">
          <p className="sb-sms-intro">{t('sandbox.sms.intro')}</p>
          {failed ? <p role="alert">{t('sandbox.sms.failed')}</p> : null}
          {messages === null ? (
            <p>{t('sandbox.sms.loading')}</p>
          ) : messages.length === 0 ? (
            <p>{t('sandbox.sms.empty')}</p>
          ) : (
            <ol className="sb-sms-list" aria-live="polite">
              {messages.map((m) => (
                <li key={m.id} className="sb-sms-item">
                  <div className="sb-sms-meta">
                    <span className="sb-sms-to">{national(m.to)}</span>
                    <time dateTime={m.at}>{new Date(m.at).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' })}</time>
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
