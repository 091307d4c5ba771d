import { passTodayText, passUntilText } from '../../../../shared/coupons/pass.ts';
import { describeRejection } from '../../../../shared/coupons/rules.ts';
import { unitsLeftText, unitsText } from '../../../../shared/coupons/units.ts';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TCouponView } from '../../../../shared/api/coupons.ts';
import { isApiError } from '../../api/client.ts';
import { useConfig } from '../../api/query.ts';
import { RotationCountdown } from '../../components/RotationCountdown.tsx';
import { Icon } from '../../components/Icon.tsx';
import { EmptyState, ErrorState, Facts, Notice, Skeleton, SkeletonStack } from '../../components/ui.tsx';
import { DETAIL_SKELETON, refreshWallet, useCoupon } from './api.ts';
import { Code128, QrSvg, RotatingNumber } from './codes.tsx';
import { CouponHero, UrgencyBadge, UsesBadge } from './CouponCard.tsx';
import { useLanguage, type Language } from '../../i18n/index.ts';
import { couponUntil, formatDateTime, formatDay, lastValidInstant, weekdayName } from '../../lib/dates.ts';
import { groupCode, walletVerdict } from './format.ts';
import { useRotatingQr } from './useRotatingQr.ts';
import { GiftPanel } from '../gifts/SendGift.tsx';

/** /app/wallet/:id — the coupon to show at the counter: rotating QR, code, barcode, and its rules. */
export function CouponDetailPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const params = useParams();
  const id = Number(params.id);
  const { data: config } = useConfig();
  const coupon = useCoupon(id);

  const backTab = coupon.data ? tabOf(coupon.data.status) : 'active';
  const back = (
    <Link to={backTab === 'active' ? '/app/wallet' : `/app/wallet?tab=${backTab}`} className="back-link">
      <Icon name="chevronLeft" size={20} />
      {t('wallet.back')}
    </Link>
  );

  if (!Number.isSafeInteger(id) || id <= 0 || (coupon.isError && isApiError(coupon.error) && (coupon.error.code === 'COUPON_NOT_FOUND' || coupon.error.code === 'NOT_FOUND'))) {
    return (
      <div className="stack">
        {back}
        <EmptyState
          icon="ticket"
          title={t('wallet.notFoundTitle')}
          body={t('wallet.notFoundBody')}
          link={{ to: '/app/wallet', label: t('wallet.title') }}
        />
      </div>
    );
  }
  if (coupon.isError && !coupon.data) {
    return (
      <div className="stack">
        {back}
        <ErrorState title={t('wallet.loadError')} error={coupon.error} onRetry={() => void coupon.refetch()} />
      </div>
    );
  }
  if (!coupon.data || !config) return <CouponDetailSkeleton />;

  const c = coupon.data;
  return (
    <div className="stack coupon-detail">
      {back}
      <CouponHero coupon={c}>
        <div className="coupon-hero__bottom">
          <span>{couponUntil(c.validUntil, lang, (until) => t('wallet.validUntil', { date: formatDay(lastValidInstant(until), config.timezone, lang) }))}</span>
          <span className="coupon-hero__badges">
            <UrgencyBadge coupon={c} timeZone={config.timezone} />
            <UsesBadge coupon={c} />
          </span>
        </div>
      </CouponHero>
      {c.status === 'active' ? <>
          <UsableWhen coupon={c} timeZone={config.timezone} />
          <ShowAtCounter coupon={c} onTick={() => void coupon.refetch()} onUnusable={() => void refreshWallet()} />
        </> : c.status === 'transferring' ? null : <InactiveState coupon={c} timeZone={config.timezone} />}
      {/* One slot for the gift in both states, so the invite to share stays on screen as the coupon turns 轉贈中. */}
      {c.status === 'active' || c.status === 'transferring' ? <GiftPanel coupon={c} /> : null}
      <CouponRules coupon={c} timeZone={config.timezone} />
    </div>
  );
}

function tabOf(status: TCouponView['status']) {
  return status === 'active' || status === 'transferring' ? 'active' : status === 'used' ? 'used' : 'expired';
}

/** Spares the member a wasted trip to the till: not valid yet, or outside its days and hours. */
function UsableWhen({ coupon, timeZone }: { coupon: TCouponView; timeZone: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const verdict = walletVerdict(coupon, timeZone);
  if (!verdict) return null;
  if (verdict.reason === 'NOT_STARTED') return <Notice kind="info">{t('wallet.notYet', { date: formatDateTime(verdict.validFrom, timeZone, lang) })}</Notice>;
  if (verdict.reason === 'USED_TODAY') return <Notice kind="info">{describeRejection(verdict, { lang, timeZone, storeName: String })}</Notice>;
  const when = [usableDays(coupon.template, lang), usableHours(coupon.template)].filter(Boolean).join(' ');
  return <Notice kind="info">{t('wallet.outsideHours', { when })}</Notice>;
}

/** 週一、週三 when limited to some days; '' on every day. */
function usableDays(tpl: TCouponView['template'], lang: Language): string {
  return tpl.weekdays && tpl.weekdays.length > 0 && tpl.weekdays.length < 7 ? tpl.weekdays.map((day) => weekdayName(day, lang)).join('、') : '';
}

/** 14:00–17:00 when limited to some hours; '' all day. */
function usableHours(tpl: TCouponView['template']): string {
  return tpl.timeWindows && tpl.timeWindows.length > 0 ? tpl.timeWindows.map((w) => `${w.start}–${w.end}`).join('、') : '';
}

function ShowAtCounter({ coupon, onTick, onUnusable }: { coupon: TCouponView; onTick: () => void; onUnusable: () => void }) {
  const { t } = useTranslation();
  const { state, refresh } = useRotatingQr(coupon.id, true, onUnusable);
  // A multi-use coupon stays usable after a redemption: keep its uses left in step with the
  // counter with each new token while the member waits there.
  const token = state.phase === 'ready' ? state.qr.token : null;
  const multiUse = coupon.usesTotal > 1;
  const tickRef = useRef(onTick);
  tickRef.current = onTick;
  const seen = useRef<string | null>(null);
  useEffect(() => {
    if (!token || !multiUse) return;
    if (seen.current !== null) tickRef.current();
    seen.current = token;
  }, [token, multiUse]);

  const qr = state.phase === 'loading' ? null : state.qr;
  const expired = qr !== null && state.phase === 'error' && Date.parse(qr.expiresAt) <= Date.now();
  let overlay: ReactNode = null;
  if (state.phase === 'paused') overlay = <span>{t('wallet.qrPaused')}</span>;
  else if (state.phase === 'error' && (qr === null || expired))
    overlay = (
      <>
        <span>{expired ? t('wallet.qrExpired') : t('wallet.qrError')}</span>
        <button type="button" className="btn btn--primary btn--small" onClick={() => void refresh()}>
          {t('wallet.qrReload')}
        </button>
      </>
    );

  return (
    <section className="card counter-card" aria-labelledby="counter-title">
      <h2 id="counter-title" className="counter-card__title">
        {t('wallet.showAtCounter')}
      </h2>
      <div className={`qr-box ${overlay ? 'qr-box--veiled' : ''}`} aria-busy={state.phase === 'loading'}>
        {qr ? <QrSvg value={qr.token} label={t('wallet.qrLabel')} /> : <Skeleton width={232} height={232} radius={8} />}
        {overlay ? (
          <div className="qr-box__overlay" role="status">
            {overlay}
          </div>
        ) : null}
      </div>
      {state.phase === 'ready' ? <RotationCountdown nextAt={state.nextAt} note={t('wallet.qrAutoRefresh')} /> : <p className="qr-countdown qr-countdown--idle">{state.phase === 'loading' ? t('wallet.qrRefreshing') : '\u00a0'}</p>}
      {state.phase === 'error' && qr && !expired ? <p className="counter-card__warn">{t('wallet.qrRetrying')}</p> : null}

      {/* The barcode and the typed code rotate with the QR; the static code only where the template says a partner's POS needs it. */}
      {qr && !overlay ? (
        <>
          <Code128 value={qr.numericCode} label={t('wallet.barcodeLabel', { code: qr.numericCode })} />
          <div className="code-block">
            <span className="code-block__label">{t('wallet.rotatingCodeLabel')}</span>
            <RotatingNumber value={qr.numericCode} data={{ 'data-rotating-code': qr.numericCode }} />
          </div>
        </>
      ) : null}
      {qr?.showStaticCode ? (
        <div className="code-block code-block--static">
          <span className="code-block__label">{t('wallet.codeLabel')}</span>
          <span className="code-block__value" aria-label={coupon.code.split('').join(' ')}>
            {groupCode(coupon.code)}
          </span>
          <Code128 value={coupon.code} label={t('wallet.staticBarcodeLabel', { code: coupon.code })} />
        </div>
      ) : null}
      <p className="brightness-hint soft--warn">
        <Icon name="sun" size={18} />
        {t('wallet.brightness')}
      </p>
      <p className="counter-card__note">{t('wallet.antiScreenshot')}</p>
    </section>
  );
}


function InactiveState({ coupon, timeZone }: { coupon: TCouponView; timeZone: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const text =
    coupon.status === 'used'
      ? t('wallet.usedState')
      : coupon.status === 'voided'
        ? t('wallet.voidedState')
        : t('wallet.expiredState', { date: formatDateTime(lastValidInstant(coupon.validUntil), timeZone, lang) });
  return (
    <section className={`card inactive-state inactive-state--${coupon.status}`} role="status">
      <Icon name={coupon.status === 'used' ? 'check' : 'alert'} size={28} />
      <p className="inactive-state__title">{text}</p>
      <p className="muted">{coupon.status === 'used' ? t('wallet.usedStateBody') : t('wallet.inactiveBody')}</p>
    </section>
  );
}

function CouponRules({ coupon, timeZone }: { coupon: TCouponView; timeZone: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tpl = coupon.template;
  const rows: { label: string; value: ReactNode }[] = [
    { label: t('wallet.stores'), value: tpl.stores && tpl.stores.length > 0 ? tpl.stores.map((s) => s.name).join('、') : t('wallet.allStores') },
    { label: t('wallet.days'), value: usableDays(tpl, lang) || t('wallet.everyDay') },
    { label: t('wallet.hours'), value: usableHours(tpl) || t('wallet.allDay') },
    {
      label: t('wallet.validity'),
      value: couponUntil(coupon.validUntil, lang, (until) => t('wallet.validityRange', { from: formatDateTime(coupon.validFrom, timeZone, lang), until: formatDateTime(lastValidInstant(until), timeZone, lang) })),
    },
    {
      label: t('wallet.uses'),
      value: coupon.pass
        ? `${passUntilText(coupon.pass.lastDay, lang)} · ${passTodayText(coupon.pass.usesLeftToday, coupon.unit.key, lang)}`
        : coupon.usesTotal > 1
          ? coupon.unit.key !== 'use'
            ? `${unitsLeftText(coupon.unit.key, coupon.usesLeft, lang)}（${unitsText(coupon.unit.key, coupon.usesTotal, lang)}）`
            : t('wallet.usesValue', { left: coupon.usesLeft, total: coupon.usesTotal })
          : t('wallet.singleUse'),
    },
  ];
  if (tpl.minSpend > 0) rows.splice(0, 0, { label: t('wallet.minSpend'), value: `NT$${tpl.minSpend.toLocaleString('en-US')}` });
  return (
    <section className="card coupon-rules" aria-labelledby="rules-title">
      <h2 id="rules-title" className="section-title">
        {t('wallet.details')}
      </h2>
      <Facts className="data-list" rows={rows.map((row) => [row.label, row.value] as const)} />
      {coupon.canGive ? (
        <p className="transfer-hint">
          <Icon name="send" size={18} />
          {t('wallet.transferHint')}
        </p>
      ) : null}
      <h3 className="coupon-rules__terms-title">{t('wallet.terms')}</h3>
      <p className="coupon-rules__terms">{tpl.terms || t('wallet.noTerms')}</p>
    </section>
  );
}

export function CouponDetailSkeleton() {
  return <SkeletonStack blocks={DETAIL_SKELETON} />;
}
