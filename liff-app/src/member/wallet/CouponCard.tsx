import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TCouponView } from '../../../../shared/api/coupons.ts';
import { useLanguage } from '../../i18n/index.ts';
import { cardColors } from '../../lib/colors.ts';
import { couponUntil, daysLeft, formatDay, lastValidInstant } from '../../lib/dates.ts';
import { Icon, type IconName } from '../../components/Icon.tsx';
import { passTodayText, passUntilText } from '../../../../shared/coupons/pass.ts';
import { unitsLeftText } from '../../../../shared/coupons/units.ts';

type Coupon = Pick<TCouponView, 'status' | 'usesLeft' | 'usesTotal' | 'validUntil' | 'canGive'> & Partial<Pick<TCouponView, 'unit' | 'pass'>> & { template: Pick<TCouponView['template'], 'name' | 'summary' | 'kind' | 'color' | 'transferable'> };

const KIND_GLYPH: Record<TCouponView['template']['kind'], IconName> = { amount_off: 'cash', percent_off: 'percent', exchange: 'cup' };

export function kindLabelKey(kind: TCouponView['template']['kind']) {
  return kind === 'amount_off' ? 'wallet.kindAmount' : kind === 'percent_off' ? 'wallet.kindPercent' : 'wallet.kindExchange';
}

function statusKey(status: TCouponView['status']) {
  return status === 'used' ? 'wallet.statusUsed' : status === 'voided' ? 'wallet.statusVoided' : status === 'transferring' ? 'wallet.statusTransferring' : 'wallet.statusExpired';
}

/** 今天到期 / 明天到期 / 3 天後到期 when three days or fewer are left; nothing otherwise (nor ever for a coupon with no expiry). */
export function UrgencyBadge({ coupon, timeZone }: { coupon: Coupon; timeZone: string }) {
  const { t } = useTranslation();
  if (coupon.status !== 'active') return null;
  const days = daysLeft(coupon.validUntil, timeZone);
  if (days < 0 || days > 3) return null;
  const text = days === 0 ? t('wallet.expiresToday') : days === 1 ? t('wallet.expiresTomorrow') : t('wallet.expiresInDays', { count: days });
  return (
    <span className={`coupon-badge ${days <= 1 ? 'coupon-badge--urgent' : 'coupon-badge--soon'}`}>
      <Icon name="clock" size={14} strokeWidth={2.2} />
      {text}
    </span>
  );
}

/** 「剩 7/10 次」, 寄杯 「剩 7 杯」, or a subscription pass's 「方案至 12/31」 and 「今日剩 1 杯」. */
export function UsesBadge({ coupon }: { coupon: Coupon }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (coupon.pass)
    return (
      <>
        <span className="coupon-badge coupon-badge--uses">{passUntilText(coupon.pass.lastDay, lang)}</span>
        <span className="coupon-badge coupon-badge--uses">{passTodayText(coupon.pass.usesLeftToday, coupon.unit?.key ?? 'use', lang)}</span>
      </>
    );
  if (coupon.usesTotal <= 1) return null;
  if (coupon.unit && coupon.unit.key !== 'use') return <span className="coupon-badge coupon-badge--uses">{unitsLeftText(coupon.unit.key, coupon.usesLeft, lang)}</span>;
  return <span className="coupon-badge coupon-badge--uses">{t('wallet.usesLeft', { left: coupon.usesLeft, total: coupon.usesTotal })}</span>;
}

/**
 * A coupon as a ticket: a stub in the template's colour with what kind of coupon it is, and the
 * name, summary, expiry and badges on the paper side. Used, expired and voided ones fade and are
 * stamped with their state.
 */
export function CouponTicket({ coupon, timeZone, footer }: { coupon: Coupon; timeZone: string; footer?: ReactNode }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const colors = cardColors(coupon.template.color);
  const inactive = coupon.status !== 'active';
  return (
    <div className={`coupon-ticket notched ${inactive ? 'coupon-ticket--inactive' : ''}`} style={{ '--coupon-bg': colors.background, '--coupon-solid': colors.solid } as CSSProperties}>
      <div className={`coupon-ticket__stub ink--${colors.ink}`} aria-hidden="true">
        <Icon name={KIND_GLYPH[coupon.template.kind]} size={28} />
        <span>{t(kindLabelKey(coupon.template.kind))}</span>
      </div>
      <div className="coupon-ticket__body">
        {/* Right under the wallet's h1: an h3 here skips a level (Lighthouse heading-order). */}
        <h2 className="coupon-ticket__name">{coupon.template.name}</h2>
        <p className="coupon-ticket__summary">{coupon.template.summary}</p>
        <div className="coupon-ticket__meta">
          {inactive ? (
            <span className="coupon-stamp">{t(statusKey(coupon.status))}</span>
          ) : (
            <span className="coupon-ticket__until">{couponUntil(coupon.validUntil, lang, (until) => t('wallet.validUntil', { date: formatDay(lastValidInstant(until), timeZone, lang) }))}</span>
          )}
          <UrgencyBadge coupon={coupon} timeZone={timeZone} />
          {inactive ? null : <UsesBadge coupon={coupon} />}
          {/* Only where 送給好友 would be accepted now (the server's rule: not held, used, given on too often or expiring within a day). */}
          {coupon.canGive && !inactive ? (
            <span className="coupon-badge coupon-badge--transfer">
              <Icon name="send" size={13} strokeWidth={2.2} />
              {t('wallet.transferable')}
            </span>
          ) : null}
        </div>
        {footer}
      </div>
    </div>
  );
}

/** The big card at the top of a coupon's page (and in the scanner's verdict). */
export function CouponHero({ coupon, children, compact = false }: { coupon: Coupon; children?: ReactNode; compact?: boolean }) {
  const { t } = useTranslation();
  const colors = cardColors(coupon.template.color);
  return (
    <section
      className={`coupon-hero ink--${colors.ink} ${coupon.status !== 'active' ? 'coupon-hero--inactive' : ''} ${compact ? 'coupon-hero--compact' : ''}`}
      style={{ background: colors.background }}
      aria-label={coupon.template.name}
    >
      <div className="coupon-hero__top">
        <span className="coupon-hero__kind">
          <Icon name={KIND_GLYPH[coupon.template.kind]} size={16} strokeWidth={2} />
          {t(kindLabelKey(coupon.template.kind))}
        </span>
        {coupon.status !== 'active' ? <span className="coupon-hero__state">{t(statusKey(coupon.status))}</span> : null}
      </div>
      <h2 className="coupon-hero__name">{coupon.template.name}</h2>
      <p className="coupon-hero__summary">{coupon.template.summary}</p>
      {children}
    </section>
  );
}
