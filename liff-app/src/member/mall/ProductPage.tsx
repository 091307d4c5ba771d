import './mall.css';
import type { TFunction } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TMallProduct, TMemberGuarantee, TProductItemView } from '../../../../shared/api/mall.ts';
import { unitsText, unitWord } from '../../../../shared/coupons/units.ts';
import { GLOSSARY } from '../../../../shared/glossary.ts';
import { isApiError } from '../../api/client.ts';
import { useConfig } from '../../api/query.ts';
import { Icon } from '../../components/Icon.tsx';
import { EmptyState, ErrorState, SkeletonStack } from '../../components/ui.tsx';
import { addStrings } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/dates.ts';
import { useLanguage } from '../../i18n/index.ts';
import { maxQuantity, useMallProduct } from './api.ts';
import { money } from './format.ts';
import { isLow, KIND_ICON, PriceTag, ProductBadges, upcomingStart } from './ProductCard.tsx';
import { mallStrings } from './strings.ts';

addStrings(mallStrings);

export const PRODUCT_SKELETON = [{ width: 100, height: 18 }, { height: 220, radius: 18 }, { width: '70%', height: 26 }, { height: 120, radius: 14 }, { height: 52, radius: 26 }];

/** /app/mall/products/:id: pictures, what it issues, stock, limit, refund rules, 履約保障, and 「立即購買」. */
export function ProductPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const productId = Number(id);
  const detail = useMallProduct(productId);
  const { data: config } = useConfig();
  if (detail.isError) {
    if (isApiError(detail.error) && detail.error.status === 404) {
      return <EmptyState icon="ticket" title={t('mall.product.notFound')} link={{ to: '/app/mall', label: t('mall.product.back') }} />;
    }
    return <ErrorState title={t('mall.product.loadFailed')} error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  if (!detail.data || !config) return <SkeletonStack blocks={PRODUCT_SKELETON} />;
  return <ProductView product={detail.data.product} timeZone={config.timezone} />;
}

function ProductView({ product, timeZone }: { product: TMallProduct; timeZone: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const titleId = useId();
  const images = product.images;
  const upcoming = upcomingStart(product);
  const canBuy = !upcoming && maxQuantity(product) > 0;
  const reason = product.soldOut ? t('mall.state.soldOut') : product.remainingForMe === 0 ? t('mall.state.limitReached') : upcoming ? t('mall.state.upcoming', { date: formatDateTime(upcoming, timeZone, lang) }) : t('mall.checkout.unavailable');
  return (
    <article className="stack mall-product" aria-labelledby={titleId}>
      <Link to="/app/mall" className="link back-link">
        <Icon name="chevronLeft" size={18} />
        {t('mall.product.back')}
      </Link>
      <div className="mall-gallery">
        {images.length > 0 ? (
          images.map((src, i) => <img key={src} src={src} alt={t('mall.product.imageAlt', { name: product.name }) + (images.length > 1 ? ` ${i + 1}` : '')} className="mall-gallery__image" />)
        ) : (
          <span className="mall-gallery__placeholder" aria-hidden="true">
            <Icon name={KIND_ICON[product.kind]} size={56} />
          </span>
        )}
      </div>
      <header className="stack stack--tight">
        <span className="mall-kind-pill">{t(`mall.category.${product.kind}`)}</span>
        <h1 id={titleId} className="page-title">
          {product.name}
        </h1>
        <PriceTag product={product} large />
        <ProductBadges product={product} timeZone={timeZone} />
      </header>

      <section className="card stack stack--tight" aria-labelledby={`${titleId}-issues`}>
        <h2 id={`${titleId}-issues`} className="section-title">
          {t('mall.product.issues')}
        </h2>
        <ul className="mall-issues">
          {product.items.map((item) => (
            <li key={item.templateId} className="mall-issue">
              <span className="mall-issue__dot" style={{ background: item.color }} aria-hidden="true" />
              <span>
                <strong>{t('mall.product.issueItem', { name: item.name, quantity: item.quantity })}</strong>
                <small>{item.summary}</small>
                <ItemFacts item={item} kind={product.kind} />
              </span>
            </li>
          ))}
        </ul>
        <ul className="mall-facts">
          {isLow(product) ? <li className="mall-facts__low">{t('mall.product.stockLeft', { count: product.available })}</li> : null}
          {product.perMemberLimit !== null ? <li>{t('mall.product.limit', { count: product.perMemberLimit })}</li> : null}
          {product.perMemberLimit !== null && product.remainingForMe !== null && product.remainingForMe < product.perMemberLimit ? (
            <li>{t('mall.product.bought', { count: product.perMemberLimit - product.remainingForMe })}</li>
          ) : null}
        </ul>
      </section>

      {product.description ? (
        <section className="card stack stack--tight" aria-labelledby={`${titleId}-desc`}>
          <h2 id={`${titleId}-desc`} className="section-title">
            {t('mall.product.description')}
          </h2>
          <p className="mall-description">{product.description}</p>
        </section>
      ) : null}

      <section className="card stack stack--tight" aria-labelledby={`${titleId}-refund`}>
        <h2 id={`${titleId}-refund`} className="section-title">
          {t('mall.product.refundTitle')}
        </h2>
        <RefundRules product={product} />
        <h2 className="section-title mall-guarantee-title">{t('mall.product.guaranteeTitle')}</h2>
        <p className="muted">{guaranteeText(t, product.guarantee)}</p>
      </section>

      <div className="mall-buybar">
        {canBuy ? (
          <Link to={`/app/mall/products/${product.id}/checkout`} className="btn btn--primary btn--block btn--large">
            {t('mall.product.buy')}
          </Link>
        ) : (
          <button type="button" className="btn btn--primary btn--block btn--large" disabled>
            {reason}
          </button>
        )}
      </div>
    </article>
  );
}

/** 「共 10 杯」 for a ticket of several uses (the units of all its coupons), and 「無使用期限」 for a paid 禮券. */
function ItemFacts({ item, kind }: { item: TProductItemView; kind: TMallProduct['kind'] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const facts = [
    item.usesPerCoupon > 1 && kind !== 'pass' ? t('mall.product.issueUnits', { units: unitsText(item.unit, item.usesPerCoupon * item.quantity, lang) }) : null,
    item.noExpiry ? GLOSSARY[lang].noExpiry : null,
  ].filter((f): f is string => f !== null);
  if (!facts.length) return null;
  return <small className="mall-issue__facts">{facts.join(' · ')}</small>;
}

function RefundRules({ product }: { product: TMallProduct }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const unit = product.items[0]?.unit ?? 'use';
  if (!product.refundable) return <p>{t('mall.product.refundNone')}</p>;
  return (
    <ul className="mall-facts">
      <li>{product.refundWindowDays !== null ? t('mall.product.refundDays', { days: product.refundWindowDays }) : t('mall.product.refundAnytime')}</li>
      {product.kind === 'multi_pickup' ? (
        <li>{product.refundUnitValue !== null ? t('mall.product.refundPartial', { unitPrice: money(product.refundUnitValue), unit: unitWord(unit, lang, 1) }) : t('mall.product.refundPartialPlain')}</li>
      ) : null}
      {product.pricePoints > 0 ? <li>{t('mall.product.refundPoints')}</li> : null}
    </ul>
  );
}

function guaranteeText(t: TFunction, guarantee: TMemberGuarantee): string {
  if (guarantee.type === 'none') return t('mall.product.guaranteeNone');
  const reference = guarantee.reference?.trim();
  if (guarantee.type === 'bank_trust') return reference ? t('mall.product.guaranteeBank', { reference }) : t('mall.product.guaranteeBankPlain');
  return reference ? t('mall.product.guaranteeGuarantee', { reference }) : t('mall.product.guaranteeGuaranteePlain');
}
