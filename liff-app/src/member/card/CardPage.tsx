import '../wallet/wallet.css';
import './card.css';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TMemberCard } from '../../../../shared/api/member-card.ts';
import { call } from '../../api/client.ts';
import { useConfig } from '../../api/query.ts';
import { Icon } from '../../components/Icon.tsx';
import { RotationCountdown } from '../../components/RotationCountdown.tsx';
import { Skeleton } from '../../components/ui.tsx';
import { addStrings, currentLanguage, useLanguage } from '../../i18n/index.ts';
import { englishMonth } from '../../lib/dates.ts';
import { Code128, QrSvg, RotatingNumber } from '../wallet/codes.tsx';
import { memberCardStrings } from './strings.ts';
import { useRotatingCode } from './useRotatingCode.ts';

addStrings(memberCardStrings);

/** /app/card — 會員條碼: the member's rotating QR and Code 128 barcode, with the points balance. */
export function CardPage() {
  const { t } = useTranslation();
  const { data: config } = useConfig();
  const { state, refresh } = useRotatingCode<TMemberCard>((signal) => call('memberCard', { signal }));
  const card = state.phase === 'loading' ? null : state.value;
  const expired = card !== null && state.phase === 'error' && Date.parse(card.expiresAt) <= Date.now();

  let overlay: ReactNode = null;
  if (state.phase === 'paused') overlay = <span>{t('memberCard.paused')}</span>;
  else if (state.phase === 'error' && (card === null || expired))
    overlay = (
      <>
        <span>{expired ? t('memberCard.expired') : t('memberCard.loadFailed')}</span>
        <button type="button" className="btn btn--primary btn--small" onClick={() => void refresh()}>
          {t('memberCard.reload')}
        </button>
      </>
    );

  return (
    <div className="stack member-card-page">
      <h1 className="page-title">{t('memberCard.title')}</h1>
      <p className="muted">{t('memberCard.intro')}</p>
      <section className="card counter-card" aria-labelledby="card-title">
        <div className="member-card-page__who">
          <h2 id="card-title" className="counter-card__title">
            {card ? card.name : config?.brandName}
          </h2>
          {card ? <span className="muted">{t('memberCard.memberNo', { no: card.memberNumber })}</span> : null}
        </div>
        <div className={`qr-box ${overlay ? 'qr-box--veiled' : ''}`} aria-busy={state.phase === 'loading'}>
          {card ? <QrSvg value={card.code} label={t('memberCard.qrLabel')} size={208} /> : <Skeleton width={208} height={208} radius={8} />}
          {overlay ? (
            <div className="qr-box__overlay" role="status">
              {overlay}
            </div>
          ) : null}
        </div>
        {card && !overlay ? <Code128 value={card.code} label={t('memberCard.barcodeLabel', { code: card.code })} /> : null}
        {card && !overlay ? (
          <div className="code-block">
            <span className="code-block__label">{t('memberCard.codeLabel')}</span>
            <RotatingNumber value={card.code} data={{ 'data-card-code': card.code }} />
          </div>
        ) : null}
        {state.phase === 'ready' ? <RotationCountdown nextAt={state.nextAt} note={t('memberCard.autoRefresh')} /> : <p className="qr-countdown qr-countdown--idle">{state.phase === 'loading' ? t('memberCard.refreshing') : '\u00a0'}</p>}
        {state.phase === 'error' && card && !expired ? <p className="counter-card__warn">{t('memberCard.retrying')}</p> : null}
        <p className="brightness-hint soft--warn">
          <Icon name="sun" size={18} />
          {t('memberCard.brightness')}
        </p>
        <p className="counter-card__note">{t('memberCard.antiScreenshot')}</p>
      </section>
      <PointsBeside />
    </div>
  );
}

/** The balance beside the card (GET /api/points); the card works without it. */
function PointsBeside() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const points = useQuery({ queryKey: ['points', 'summary', currentLanguage()], queryFn: () => call('pointsSummary'), staleTime: 15_000, retry: 1 });
  if (points.isPending) return <Skeleton height={76} radius={14} />;
  if (points.isError) return <p className="muted member-card-page__points-missing">{t('memberCard.pointsUnavailable')}</p>;
  const p = points.data;
  const day = (iso: string) => {
    const [y, m, d] = iso.split('-');
    return lang === 'en' ? `${Number(d)} ${englishMonth(Number(m))} ${y}` : `${y}/${m}/${d}`;
  };
  return (
    <section className="card member-card-page__points" aria-labelledby="card-points-title">
      <div>
        <h2 id="card-points-title" className="section-title">
          {t('memberCard.points')}
        </h2>
        <p className="member-card-page__balance">{t('memberCard.pointsValue', { points: p.balance.toLocaleString('en-US') })}</p>
        {p.pending > 0 ? <p className="muted">{t('memberCard.pointsPending', { points: p.pending.toLocaleString('en-US') })}</p> : null}
        {p.nextExpiry ? <p className="soft--warn member-card-page__expiry">{t('memberCard.pointsExpiry', { points: p.nextExpiry.points.toLocaleString('en-US'), date: day(p.nextExpiry.date) })}</p> : null}
      </div>
      <Link to="/app/points" className="btn btn--secondary btn--small">
        {t('memberCard.pointsLink')}
      </Link>
      <Link to="/app/tier" className="btn btn--secondary btn--small">
        {t('home.tier')}
      </Link>
    </section>
  );
}

