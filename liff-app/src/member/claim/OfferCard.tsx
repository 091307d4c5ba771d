import { useId, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { TClaimable } from '../../../../shared/api/campaigns.ts';
import { couponKindLabel } from '../../../../shared/glossary.ts';
import { Icon } from '../../components/Icon.tsx';
import { useLanguage } from '../../i18n/index.ts';
import { offerColors } from '../../lib/colors.ts';
import { formatDateTime, untilInstant } from '../../lib/dates.ts';

/** 「剩 23 張」 when few are left, 「已領完」 at 0, nothing for unlimited or plenty. */
export function StockBadge({ item }: { item: Pick<TClaimable, 'remaining' | 'isLow'> }) {
  const { t } = useTranslation();
  if (item.remaining === 0) return <span className="claim-badge claim-badge--gone">{t('claimCentre.card.soldOut')}</span>;
  if (item.isLow && item.remaining !== null) {
    return (
      <span className="claim-badge claim-badge--low">
        <span className="claim-badge__dot" aria-hidden="true" />
        {t('claimCentre.card.stockLow', { count: item.remaining })}
      </span>
    );
  }
  return null;
}

/**
 * One offer of the claim centre: the template's colour on the stub, the campaign's name, what the
 * coupon gives (or what a bundle holds), when it ends, the stock, and the big 「領取」 button —
 * disabled with the server's reason (「已領取」, 「已領完」…) when the member cannot claim it.
 */
export function OfferCard({ item, timeZone, pending, onClaim }: { item: TClaimable; timeZone: string; pending: boolean; onClaim: (item: TClaimable) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const titleId = useId();
  const colors = offerColors(item.offer.color);
  const isBundle = item.offer.kind === 'bundle';
  const gone = item.remaining === 0;
  const done = !item.canClaim && !pending;
  const showOfferName = item.offer.name.trim() !== item.name.trim();
  const price = item.pointsCost !== null ? item.pointsCost.toLocaleString() : null;
  const contents = item.offer.items.map((i) => t('claimCentre.card.item', { name: i.name, quantity: i.quantity })).join(t('claimCentre.card.itemSeparator'));

  return (
    <article
      className={`claim-offer notched ${done ? 'claim-offer--done' : ''} ${gone ? 'claim-offer--gone' : ''} ${item.isBirthday ? 'claim-offer--birthday' : ''}`}
      aria-labelledby={titleId}
      style={{ '--offer-bg': colors.background, '--offer-solid': colors.solid, '--offer-soft': colors.soft } as CSSProperties}
    >
      <div className={`claim-offer__stub ink--${colors.ink}`} aria-hidden="true">
        <Icon name={isBundle ? 'giftBundle' : 'ticketStub'} size={30} strokeWidth={1.9} />
        <span className="claim-offer__kind">{isBundle ? t('claimCentre.card.kindBundle') : item.offer.couponKind ? couponKindLabel(item.offer.couponKind, lang) : t('claimCentre.card.kindCoupon')}</span>
        {isBundle ? <span className="claim-offer__count">×{item.offer.items.reduce((sum, i) => sum + i.quantity, 0)}</span> : null}
      </div>
      <div className="claim-offer__body">
        <div className="claim-offer__badges">
          {item.pointsCost !== null ? (
            <span className="claim-badge claim-badge--points" aria-label={t('claimCentre.card.priceLabel', { formatted: item.pointsCost.toLocaleString() })}>
              {t('claimCentre.card.price', { formatted: item.pointsCost.toLocaleString() })}
            </span>
          ) : null}
          <StockBadge item={item} />
          {item.perMemberLimit > 1 && item.claimedByMe > 0 ? <span className="claim-badge">{t('claimCentre.card.mine', { count: item.claimedByMe, limit: item.perMemberLimit })}</span> : null}
        </div>
        <h3 id={titleId} className="claim-offer__name">
          {item.name}
        </h3>
        {showOfferName ? <p className="claim-offer__offer">{item.offer.name}</p> : null}
        {isBundle ? (
          <p className="claim-offer__contents">
            <strong>{t('claimCentre.card.contains')}</strong>
            {contents}
          </p>
        ) : (
          <p className="claim-offer__summary">{item.offer.summary}</p>
        )}
        {item.description ? <p className="claim-offer__desc">{item.description}</p> : null}
        <p className="claim-offer__ends">
          <Icon name="clock" size={14} strokeWidth={2.2} />
          {t('claimCentre.card.endsAt', { date: formatDateTime(untilInstant(item.endsAt, timeZone), timeZone, lang) })}
        </p>
        {item.pointsShort > 0 && !gone ? <p className="claim-offer__short">{t('claimCentre.card.pointsShort', { formatted: item.pointsShort.toLocaleString() })}</p> : null}
        <button
          type="button"
          className={`claim-offer__button ${pending ? 'is-pending' : ''} ${item.canClaim || pending ? '' : 'is-unavailable'}`}
          onClick={() => onClaim(item)}
          disabled={!item.canClaim || pending}
          aria-busy={pending || undefined}
          aria-label={item.canClaim && !pending ? (price ? t('claimCentre.card.redeemLabel', { formatted: price, name: item.name }) : t('claimCentre.card.claimLabel', { name: item.name })) : undefined}
        >
          {pending ? (
            <>
              <span className="claim-spinner" aria-hidden="true" />
              {t('claimCentre.card.claiming')}
            </>
          ) : item.canClaim ? (
            price ? t('claimCentre.card.redeem', { formatted: price }) : t('claimCentre.card.claim')
          ) : (
            <>
              {item.claimedByMe > 0 && !gone ? <Icon name="check" size={18} strokeWidth={2.4} /> : null}
              {item.reason ?? t('claimCentre.card.unavailable')}
            </>
          )}
        </button>
      </div>
    </article>
  );
}
