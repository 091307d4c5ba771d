import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TMallProduct } from '../../../../shared/api/mall.ts';
import { Icon, type IconName } from '../../components/Icon.tsx';
import { useLanguage } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/dates.ts';
import { listPriceOf, money, priceText } from './format.ts';

export const KIND_ICON: Record<TMallProduct['kind'], IconName> = { voucher: 'ticket', multi_pickup: 'cup', bundle: 'giftBundle', pass: 'clock' };

/** Few enough that the member should hear about it (「剩 3 件」). */
export function isLow(product: Pick<TMallProduct, 'available'>): boolean {
  return product.available !== null && product.available > 0 && product.available <= 10;
}

/** The price, and the list price struck beside it (read out as 「原價 … 售價 …」). */
export function PriceTag({ product, quantity = 1, large = false }: { product: TMallProduct; quantity?: number; large?: boolean }) {
  const { t } = useTranslation();
  const list = listPriceOf(product);
  const price = priceText(t, product, quantity);
  return (
    <p className={`mall-price ${large ? 'mall-price--large' : ''}`}>
      <span className="mall-price__now">{price}</span>
      {list !== null ? (
        <s className="mall-price__list">
          <span className="visually-hidden">{t('mall.price.listLabel', { amount: money(list * quantity) })}</span>
          <span aria-hidden="true">{t('mall.price.list', { amount: money(list * quantity) })}</span>
        </s>
      ) : null}
    </p>
  );
}

/** The start of a sale still to come (「即將開賣」: listed, not yet buyable), else null. */
export function upcomingStart(product: Pick<TMallProduct, 'saleStartsAt'>, now = Date.now()): string | null {
  return product.saleStartsAt && Date.parse(product.saleStartsAt) > now ? product.saleStartsAt : null;
}

/** Sold out, limit reached, few left, 即將開賣 with its start, or the end of the sale. */
export function ProductBadges({ product, timeZone }: { product: TMallProduct; timeZone: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const upcoming = upcomingStart(product);
  return (
    <span className="mall-badges">
      {product.soldOut ? <span className="mall-badge mall-badge--gone">{t('mall.state.soldOut')}</span> : null}
      {!product.soldOut && product.remainingForMe === 0 ? <span className="mall-badge mall-badge--gone">{t('mall.state.limitReached')}</span> : null}
      {!product.soldOut && isLow(product) ? <span className="mall-badge mall-badge--low">{t('mall.state.stockLow', { count: product.available })}</span> : null}
      {upcoming ? (
        <span className="mall-badge" data-testid="mall-upcoming">
          <Icon name="clock" size={13} strokeWidth={2.2} />
          {t('mall.state.comingSoon', { date: formatDateTime(upcoming, timeZone, lang) })}
        </span>
      ) : null}
      {product.saleEndsAt && !product.soldOut && !upcoming ? (
        <span className="mall-badge">
          <Icon name="clock" size={13} strokeWidth={2.2} />
          {t('mall.state.endsAt', { date: formatDateTime(product.saleEndsAt, timeZone, lang) })}
        </span>
      ) : null}
    </span>
  );
}

/** One product of the mall: picture (or the kind's icon), name, price beside the list price, its state. */
export function ProductCard({ product, timeZone }: { product: TMallProduct; timeZone: string }) {
  const { t } = useTranslation();
  const titleId = useId();
  const unavailable = product.soldOut || product.remainingForMe === 0;
  return (
    <article className={`mall-card ${unavailable ? 'mall-card--gone' : ''}`} aria-labelledby={titleId}>
      <Link to={`/app/mall/products/${product.id}`} className="mall-card__link">
        <span className="mall-card__media" aria-hidden="true">
          {product.imageUrl ? <img src={product.imageUrl} alt="" loading="lazy" /> : <Icon name={KIND_ICON[product.kind]} size={36} />}
          <span className="mall-card__kind">{t(`mall.category.${product.kind}`)}</span>
        </span>
        <span className="mall-card__body">
          <h3 id={titleId} className="mall-card__name">
            {product.name}
          </h3>
          <PriceTag product={product} />
          <ProductBadges product={product} timeZone={timeZone} />
        </span>
      </Link>
    </article>
  );
}
