import './tier.css';
import { useTranslation } from 'react-i18next';
import type { TMyTier } from '../../../../shared/api/tiers.ts';
import { ErrorState, LoadingBlock, Skeleton } from '../../components/ui.tsx';
import { addStrings, useLanguage } from '../../i18n/index.ts';
import { useMyTier } from './api.ts';
import { myTierStrings } from './strings.ts';

addStrings(myTierStrings);

const slashDate = (day: string) => day.replaceAll('-', '/');

/** /app/tier — 會員等級: the current tier, progress to the next, the review date and what keeps it, every tier's benefits. The upgrade notification's CTA. */
export function TierPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const q = useMyTier();
  const nf = new Intl.NumberFormat(lang);
  if (q.isPending)
    return (
      <LoadingBlock>
        <div className="stack">
          <Skeleton height={36} width={160} />
          <Skeleton height={180} radius={18} />
          <Skeleton height={120} radius={12} />
        </div>
      </LoadingBlock>
    );
  if (q.isError) return <ErrorState error={q.error} title={t('myTier.loadFailed')} onRetry={() => void q.refetch()} />;
  const d = q.data;
  if (!d.enabled || !d.current)
    return (
      <div className="stack">
        <h1 className="page-title">{t('myTier.title')}</h1>
        <p className="card my-tier__note">{t('myTier.off')}</p>
      </div>
    );
  const amount = (n: number) => nf.format(n);
  const counted = d.window.kind === 'rolling' ? t('myTier.counted.rolling', { months: d.window.months, from: slashDate(d.windowFrom ?? ''), amount: t(`myTier.${d.basis}`, { amount: amount(d.qualifying) }) }) : t('myTier.counted.calendar_year', { from: slashDate(d.windowFrom ?? ''), amount: t(`myTier.${d.basis}`, { amount: amount(d.qualifying) }) });
  return (
    <div className="stack my-tier">
      <h1 className="page-title">{t('myTier.title')}</h1>
      <section className="card my-tier__card" style={{ borderTopColor: d.current.color }} aria-labelledby="tier-current">
        <p id="tier-current" className="my-tier__label">{t('myTier.current')}</p>
        <p className="my-tier__name" data-testid="tier-name">
          <span className="my-tier__dot" style={{ background: d.current.color }} aria-hidden="true" />
          {d.current.name}
        </p>
        <p className="my-tier__counted">{counted}</p>
        <Progress data={d} />
        {d.evaluateOn ? <Evaluation data={d} /> : <p className="my-tier__hint">{t('myTier.base')}</p>}
      </section>
      <section aria-labelledby="tier-benefits" className="stack">
        <h2 id="tier-benefits" className="section-title">{t('myTier.benefits')}</h2>
        <ul className="my-tier__levels">
          {d.tiers.map((tier) => (
            <li key={tier.id} className={`card my-tier__level${tier.id === d.current!.id ? ' my-tier__level--mine' : ''}`} style={{ borderLeftColor: tier.color }}>
              <div className="my-tier__level-head">
                <h3 className="my-tier__level-name">{tier.name}</h3>
                {tier.id === d.current!.id ? <span className="my-tier__mine">{t('myTier.mine')}</span> : null}
              </div>
              <p className="my-tier__level-threshold">{tier.threshold === 0 ? t('myTier.threshold.start') : t(`myTier.threshold.${d.basis}`, { amount: amount(tier.threshold) })}</p>
              <ul className="my-tier__perks">
                {tier.multiplier > 1 ? <li>{t('myTier.multiplier', { x: tier.multiplier })}</li> : null}
                {tier.gifts.upgrade ? <li>{t('myTier.upgradeGift', { name: tier.gifts.upgrade })}</li> : null}
                {tier.gifts.birthday ? <li>{t('myTier.birthdayGift', { name: tier.gifts.birthday })}</li> : null}
                {tier.benefits.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function Progress({ data }: { data: TMyTier }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const nf = new Intl.NumberFormat(lang);
  if (!data.next) return <p className="my-tier__progress-text" data-testid="tier-progress">{t('myTier.progress.top')}</p>;
  const pct = Math.round(data.next.ratio * 100);
  return (
    <div className="my-tier__progress">
      <div className="my-tier__bar" role="progressbar" aria-label={t('myTier.progressLabel')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <span style={{ width: `${pct}%`, background: data.next.tier.color }} />
      </div>
      <p className="my-tier__progress-text" data-testid="tier-progress">
        {t(`myTier.progress.${data.basis}`, { amount: nf.format(data.next.shortBy), tier: data.next.tier.name })}
      </p>
    </div>
  );
}

function Evaluation({ data }: { data: TMyTier }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const nf = new Intl.NumberFormat(lang);
  const tier = data.current!.name;
  return (
    <div className="my-tier__evaluation" data-testid="tier-evaluation">
      <p>{t('myTier.evaluation', { date: slashDate(data.evaluateOn!) })}</p>
      {data.keep ? <p>{data.keep.shortBy > 0 ? t(`myTier.keep.${data.basis}`, { amount: nf.format(data.keep.retainAt), tier }) : t('myTier.keep.met', { tier })}</p> : null}
      {data.graceUntil ? <p className="my-tier__grace">{t('myTier.grace', { date: slashDate(data.graceUntil) })}</p> : null}
    </div>
  );
}
