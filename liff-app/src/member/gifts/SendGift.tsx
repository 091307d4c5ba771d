import './gifts.css';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TCouponView } from '../../../../shared/api/coupons.ts';
import { GIFT_MESSAGE_MAX, type TSendGiftResponse } from '../../../../shared/api/transfers.ts';
import { maskMobile, normalizeMobile } from '../../../../shared/phone.ts';
import { call, errorMessage, isApiError } from '../../api/client.ts';
import { useConfig, useMe } from '../../api/query.ts';
import { CharCount, Field } from '../../components/Field.tsx';
import { Icon } from '../../components/Icon.tsx';
import { Notice } from '../../components/ui.tsx';
import { addStrings, useLanguage } from '../../i18n/index.ts';
import { formatDay } from '../../lib/dates.ts';
import { afterGiftChange, useGifts } from './api.ts';
import { shareOnLine } from './share.ts';
import { giftStrings } from './strings.ts';

addStrings(giftStrings);

type Step = { kind: 'closed' } | { kind: 'form' } | { kind: 'confirm'; e164: string };

/**
 * Each step opens below the QR, out of sight on a phone: focus its heading (or first field) as it
 * appears, which scrolls it into view and tells a screen reader where the member is.
 */
function StepHeading({ id, children }: { id: string; children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h2 id={id} ref={ref} tabIndex={-1} className="section-title gift-step-title">
      {children}
    </h2>
  );
}

/**
 * The gift part of a coupon's page, mounted while the coupon is active or held: the send form,
 * then the invite to share (kept here, as the coupon turns 轉贈中 under it once sent), then the
 * pending state with the sender's cancel.
 */
export function GiftPanel({ coupon }: { coupon: TCouponView }) {
  const [sent, setSent] = useState<TSendGiftResponse | null>(null);
  if (sent) return <GiftSent result={sent} onDone={() => setSent(null)} />;
  if (coupon.status === 'transferring') return <PendingGift coupon={coupon} />;
  if (coupon.status !== 'active' || !coupon.template.transferable || coupon.canGive === false) return null;
  return <SendGift coupon={coupon} onSent={setSent} />;
}

/** 「送給好友」 on a giftable coupon: the friend's mobile, a message, how many uses (partial gifts), a confirmation. */
function SendGift({ coupon, onSent }: { coupon: TCouponView; onSent: (result: TSendGiftResponse) => void }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const { data: config } = useConfig();
  const gifts = useGifts('sent');
  const [step, setStep] = useState<Step>({ kind: 'closed' });
  const [mobile, setMobile] = useState('');
  const [message, setMessage] = useState('');
  const [uses, setUses] = useState(coupon.usesLeft);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per confirmed gift: a double tap or a retry sends once.
  const key = useRef<string>(crypto.randomUUID());
  const partial = coupon.template.allowPartialTransfer && coupon.usesLeft > 1;
  const canGiveWhole = coupon.template.allowPartialTransfer || coupon.usesLeft === coupon.usesTotal;

  if (!me || !config) return null;
  if (!canGiveWhole) return null;
  if (!me.isMobileVerified) {
    return (
      <section className="card gift-card" aria-labelledby="gift-verify-title">
        <h2 id="gift-verify-title" className="section-title">{t('gifts.send.title')}</h2>
        <p className="muted">{t('gifts.verify.body')}</p>
        <Link className="btn btn--secondary btn--block" to="/app/profile">
          {t('gifts.verify.action')}
        </Link>
      </section>
    );
  }
  if (step.kind === 'closed') {
    return (
      <button type="button" className="btn btn--secondary btn--block gift-open" onClick={() => setStep({ kind: 'form' })}>
        <Icon name="send" size={20} />
        {t('gifts.send.open')}
      </button>
    );
  }

  const onNext = (event: FormEvent) => {
    event.preventDefault();
    const parsed = normalizeMobile(mobile);
    if (!parsed.ok) return setError({ field: 'mobile', message: t(parsed.reason === 'EMPTY' ? 'gifts.send.mobileEmpty' : 'gifts.send.mobileInvalid') });
    if ([...message.trim()].length > GIFT_MESSAGE_MAX) return setError({ field: 'message', message: t('gifts.send.messageTooLong', { max: GIFT_MESSAGE_MAX }) });
    setError(null);
    setStep({ kind: 'confirm', e164: parsed.e164 });
  };

  const onSend = async () => {
    if (busy || step.kind !== 'confirm') return;
    setBusy(true);
    setError(null);
    try {
      const result = await call('giftSend', {
        body: { couponId: coupon.id, mobile: step.e164, ...(message.trim() ? { message: message.trim() } : {}), ...(partial ? { uses } : {}) },
        headers: { 'Idempotency-Key': key.current },
      });
      key.current = crypto.randomUUID();
      onSent(result);
      setStep({ kind: 'closed' });
      afterGiftChange();
    } catch (e) {
      const field = isApiError(e) ? e.field : undefined;
      setError({ ...(field ? { field } : {}), message: errorMessage(e) });
      if (field === 'mobile' || field === 'message') setStep({ kind: 'form' });
    } finally {
      setBusy(false);
    }
  };

  const pendingDays = gifts.data?.pendingDays ?? 7;
  if (step.kind === 'confirm') {
    const sender = me.name ?? me.displayName;
    return (
      <section className="card gift-card" aria-labelledby="gift-confirm-title">
        <StepHeading id="gift-confirm-title">{t('gifts.send.confirmTitle')}</StepHeading>
        <dl className="gift-confirm">
          <dt>{t('gifts.send.confirmCoupon')}</dt>
          <dd>{coupon.template.name}</dd>
          <dt>{t('gifts.send.confirmTo')}</dt>
          <dd>{maskMobile(step.e164)}</dd>
          {partial ? <><dt>{t('gifts.send.confirmUses')}</dt><dd>{t('gifts.send.usesValue', { count: uses })}</dd></> : null}
          {message.trim() ? <><dt>{t('gifts.send.confirmMessage')}</dt><dd>{message.trim()}</dd></> : null}
        </dl>
        <p className="gift-confirm__sees">{t('gifts.send.confirmFriendSees', { sender, coupon: coupon.template.name })}</p>
        <p className="muted">{t('gifts.send.confirmRules', { days: pendingDays })}</p>
        {error ? <Notice kind="error">{error.message}</Notice> : null}
        <div className="form-actions">
          <button type="button" className="btn btn--secondary" onClick={() => setStep({ kind: 'form' })} disabled={busy}>
            {t('gifts.send.back')}
          </button>
          <button type="button" className="btn btn--primary" onClick={() => void onSend()} disabled={busy}>
            {busy ? t('gifts.send.submitting') : t('gifts.send.submit')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <form className="card gift-card stack" onSubmit={onNext} noValidate aria-labelledby="gift-form-title">
      <h2 id="gift-form-title" className="section-title">{t('gifts.send.title')}</h2>
      <p className="muted">{t('gifts.send.intro')}</p>
      <Field
        label={t('gifts.send.mobile')}
        hint={t('gifts.send.mobileHint')}
        type="tel"
        inputMode="tel"
        autoComplete="off"
        autoFocus
        value={mobile}
        onChange={(e) => {
          setMobile(e.target.value);
          if (error?.field === 'mobile') setError(null);
        }}
        error={error?.field === 'mobile' ? error.message : undefined}
      />
      {partial ? (
        <Field label={t('gifts.send.uses')} hint={t('gifts.send.usesHint', { left: coupon.usesLeft })}>
          {(control) => (
            <select {...control} className="input" value={uses} onChange={(e) => setUses(Number(e.target.value))}>
              {Array.from({ length: coupon.usesLeft }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {t('gifts.send.usesValue', { count: n })}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field label={t('gifts.send.message')} labelAside={<CharCount value={message} max={GIFT_MESSAGE_MAX} />} error={error?.field === 'message' ? error.message : undefined}>
        {(control) => <textarea {...control} className="input" rows={2} value={message} placeholder={t('gifts.send.messagePlaceholder')} onChange={(e) => {
              setMessage(e.target.value);
              if (error?.field === 'message') setError(null);
            }} />}
      </Field>
      {error && !error.field ? <Notice kind="error">{error.message}</Notice> : null}
      <div className="form-actions">
        <button type="button" className="btn btn--secondary" onClick={() => setStep({ kind: 'closed' })}>
          {t('gifts.send.cancel')}
        </button>
        <button type="submit" className="btn btn--primary">
          {t('gifts.send.next')}
        </button>
      </div>
    </form>
  );
}

/** After sending: the same for any number — share the invite through LINE, or copy the link. */
function GiftSent({ result, onDone }: { result: TSendGiftResponse; onDone: () => void }) {
  const { t } = useTranslation();
  const { data: config } = useConfig();
  const { data: me } = useMe();
  const [note, setNote] = useState<string | null>(null);
  const sender = me ? (me.name ?? me.displayName) : '';
  const onShare = async () => {
    if (!config) return;
    const words = { alt: t('gifts.flex.alt', { sender, coupon: result.gift.coupon.name }), title: t('gifts.flex.title'), cta: t('gifts.flex.cta') };
    const outcome = await shareOnLine(config, result.gift, result.share, words);
    if (outcome === 'unavailable') setNote(t('gifts.send.shareFailed'));
  };
  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(result.share.text);
      setNote(t('gifts.send.copied'));
    } catch {
      setNote(result.share.url);
    }
  };
  return (
    <section className="card gift-card gift-sent" role="status" aria-labelledby="gift-sent-title">
      <Icon name="gift" size={32} />
      <StepHeading id="gift-sent-title">{t('gifts.send.sentTitle')}</StepHeading>
      <p>{t('gifts.send.sentBody', { mobile: result.gift.counterpart })}</p>
      <button type="button" className="btn btn--primary btn--block" onClick={() => void onShare()}>
        <Icon name="send" size={20} />
        {t('gifts.send.share')}
      </button>
      <button type="button" className="btn btn--secondary btn--block" onClick={() => void onCopy()}>
        {t('gifts.send.copy')}
      </button>
      <p className="gift-share-link">
        <a href={result.share.url}>{result.share.url}</a>
      </p>
      {note ? <Notice kind="info">{note}</Notice> : null}
      <button type="button" className="btn btn--ghost btn--block" onClick={onDone}>
        {t('gifts.send.done')}
      </button>
    </section>
  );
}

/** On a coupon held by a pending gift (轉贈中): to whom, until when, and the sender's cancel. */
function PendingGift({ coupon }: { coupon: TCouponView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: config } = useConfig();
  const gifts = useGifts('sent');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const gift = gifts.data?.items.find((g) => g.state === 'pending' && g.coupon.id === coupon.id);
  const onCancel = async () => {
    if (!gift || busy || !window.confirm(t('gifts.pending.confirmCancel'))) return;
    setBusy(true);
    try {
      await call('giftCancel', { params: { id: gift.id } });
      afterGiftChange();
    } catch (e) {
      setError(errorMessage(e));
      afterGiftChange();
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card inactive-state gift-pending" role="status">
      <Icon name="send" size={28} />
      <p className="inactive-state__title">{t('gifts.pending.title')}</p>
      {gift && config ? <p className="muted">{t('gifts.pending.body', { mobile: gift.counterpart, date: formatDay(gift.returnAt, config.timezone, lang) })}</p> : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      {gift ? (
        <button type="button" className="btn btn--secondary" onClick={() => void onCancel()} disabled={busy}>
          {busy ? t('gifts.pending.cancelling') : t('gifts.pending.cancel')}
        </button>
      ) : null}
    </section>
  );
}
