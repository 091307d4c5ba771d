import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { normalizeMobile } from '../../../../shared/phone.ts';
import { call, isApiError } from '../../api/client.ts';
import { addStrings } from '../../i18n/index.ts';
import { mobileVerifyStrings } from './strings.ts';
import './mobile.css';

addStrings(mobileVerifyStrings);

/**
 * Asks the server to text a one-time code to the number typed above it, then counts down the
 * 60 seconds before another can be asked for. What it says is the same whoever holds the
 * number (the server's answer is too).
 */
export function SendCodeButton({ mobile, onSent }: { mobile: string; onSent?: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  // The 60-second wait is per number: typing another number lifts it.
  const [wait, setWait] = useState<{ until: number; mobile: string }>({ until: 0, mobile: '' });
  const [now, setNow] = useState(() => Date.now());

  const typed = normalizeMobile(mobile);
  const waitUntil = typed.ok && typed.e164 === wait.mobile ? wait.until : 0;
  useEffect(() => {
    if (waitUntil <= now) return;
    const timer = setTimeout(() => setNow(Date.now()), 1000);
    return () => clearTimeout(timer);
  }, [waitUntil, now]);

  const secondsLeft = Math.max(0, Math.ceil((waitUntil - now) / 1000));
  const send = async () => {
    setMessage(null);
    if (!typed.ok) {
      setMessage({ kind: 'error', text: t('mobileVerify.code.mobileFirst') });
      return;
    }
    setBusy(true);
    try {
      const sent = await call('requestMobileCode', { body: { mobile } });
      setSentTo(sent.mobile);
      setMessage({ kind: 'info', text: t('mobileVerify.code.sent', { mobile: sent.mobile }) });
      setWait({ until: Date.now() + sent.resendAfterSeconds * 1000, mobile: typed.e164 });
      setNow(Date.now());
      onSent?.();
    } catch (error) {
      const retry = isApiError(error) ? Number((error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 0) : 0;
      if (retry > 0 && retry <= 120) {
        setWait({ until: Date.now() + retry * 1000, mobile: typed.e164 });
        setNow(Date.now());
      }
      setMessage({ kind: 'error', text: isApiError(error) ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="send-code">
      <button type="button" className="btn btn--secondary send-code__button" onClick={() => void send()} disabled={busy || secondsLeft > 0}>
        {busy ? t('mobileVerify.code.sending') : secondsLeft > 0 ? t('mobileVerify.code.resendIn', { count: secondsLeft }) : sentTo && typed.ok && sentTo === typed.national ? t('mobileVerify.code.resend') : t('mobileVerify.code.send')}
      </button>
      {message ? (
        <p className={message.kind === 'error' ? 'send-code__note send-code__note--error' : 'send-code__note'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}

/** The prompt for a member whose number was never confirmed (registered before verification existed). */
export function VerifyMobilePrompt({ to = '/app/profile?verify=1', onAction }: { to?: string; onAction?: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="card verify-prompt" aria-labelledby="verify-prompt-title">
      <h2 id="verify-prompt-title" className="verify-prompt__title">
        {t('mobileVerify.prompt.title')}
      </h2>
      <p className="muted">{t('mobileVerify.prompt.body')}</p>
      {onAction ? (
        <button type="button" className="btn btn--primary btn--block" onClick={onAction}>
          {t('mobileVerify.prompt.action')}
        </button>
      ) : (
        <Link className="btn btn--primary btn--block" to={to}>
          {t('mobileVerify.prompt.action')}
        </Link>
      )}
    </section>
  );
}
